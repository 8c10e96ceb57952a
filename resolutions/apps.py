from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self) -> None:
        # The live session tells this app when a draft is decided (committee does not import us).
        from committee import services
        from resolutions import listeners

        services.register_event_listener(listeners.on_live_events)
