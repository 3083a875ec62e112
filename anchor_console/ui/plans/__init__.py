"""Live plans (直播预告) in the window: the share poster (poster.py); the plan dialogs come later."""
