"""The Qt layer: the only place PySide6 is imported. Widgets and thin models over the Qt-free
room, show and moderation engines; wiring happens once, in `app.py`."""
