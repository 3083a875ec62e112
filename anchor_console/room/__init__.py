"""The room as the console operates it: `LiveRoom` (bound platform connections, state from their
event streams, every action journalled and dispatched), `RoomState` and the `ActionJournal`."""
