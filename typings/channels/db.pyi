from asgiref.sync import SyncToAsync

class DatabaseSyncToAsync(SyncToAsync): ...

# A class used as a decorator/wrapper, like asgiref's sync_to_async.
database_sync_to_async = DatabaseSyncToAsync

async def aclose_old_connections() -> None: ...
