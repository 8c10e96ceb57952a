"""The live committee session as pure Python: state, commands and audience views.

- `state.apply_event(state, event)` is the reducer: the only code that changes session state.
  Events carry every value they need (times, seat lists), so replaying the journal from the
  start rebuilds exactly the live state.
- `commands.handle(state, ctx, actor, command)` validates a command against the state, the
  actor's role and the committee's rule profile, and returns the events it causes (or raises
  `LiveError` with a message for the person who sent it).
- `views` renders the state once per audience (chair, delegates, public) and per seat.

Nothing here touches the database; `committee.services` wraps it in transactions.
"""
