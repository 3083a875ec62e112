"""A button that starts a piece of background work and, while it runs, cancels it (Test connection /
Cancel test, Sign in… / Cancel sign-in): the Connections dialog's waits on the network, each kept
as one task of the session's (closing the dialog cancels it)."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QPushButton, QWidget


class TaskButton(QPushButton):
    """A button that starts a task and, while the task runs, cancels it: its text says which a click
    does (Test connection / Cancel test). The task is kept under `key` in the session's tasks."""

    def __init__(self, idle: str, busy: str, tasks, key: str, parent: QWidget) -> None:
        super().__init__(idle, parent)
        self._idle, self._busy, self._tasks, self._key = idle, busy, tasks, key
        self.task: asyncio.Task | None = None

    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, coro, *, name: str) -> None:
        self.setText(self._busy)
        self.task = self._tasks.spawn(coro, name=name, key=self._key)
        if self.task is None:   # the console is closing
            self.setText(self._idle)

    def ended(self) -> None:
        """From the task's own `finally`: the button starts again, unless a newer task has it by now."""
        if self.task is asyncio.current_task():
            self.setText(self._idle)

    def cancel(self, *, relabel: bool = True) -> bool:
        """Cancel the running task (it ends on its next await); whether one was running."""
        if not self.running():
            return False
        self._tasks.cancel(self._key)
        if relabel:
            self.setText(self._idle)
        return True
