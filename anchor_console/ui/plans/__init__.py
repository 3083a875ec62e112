"""Live plans (直播预告) in the window: the plan list and Go live (plans_window.py, Room → Live plans…),
the plan editor (plan_editor.py), the share poster (poster.py) and its dialog (poster_dialog.py)."""
