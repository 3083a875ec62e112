"""The panels beyond shelf, promotions and journal, plugged into the main window: the run of show
(live timeline, show editor, presenter view) and the comment moderation panels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence


def install_panels(window) -> None:
    from anchor_console.ui.moderation_panels import install_moderation

    _install_run_of_show(window)
    install_moderation(window)


def _install_run_of_show(window) -> None:
    from anchor_console.ui.presenter_view import PresenterView
    from anchor_console.ui.show_runner import ShowRunner
    from anchor_console.ui.timeline_panel import TimelinePanel

    console = window.console
    runner = ShowRunner(console, window)
    window.show_runner = runner
    window.timeline = TimelinePanel(window, runner)
    dock = window.add_dock("timeline", QCoreApplication.translate("MainWindow", "Run of show"), window.timeline,
                           Qt.DockWidgetArea.RightDockWidgetArea)
    # At 1366×768 there is no room for a fourth column: the run of show shares a tab with promotions.
    window.tabifyDockWidget(window.docks["promotions"], dock)
    window.docks["promotions"].raise_()
    window.tab_groups.append(["promotions", "timeline"])
    runner.show_changed.connect(lambda: window.show_dock("timeline"))
    window.presenter = None
    window.show_editor = None

    def open_presenter() -> None:
        if window.presenter is None:
            window.presenter = PresenterView(window, runner)
            questions = getattr(window, "question_groups", None)
            if questions is not None:
                window.presenter.set_questions(questions())
        window.presenter.show()
        window.presenter.raise_()

    def open_editor() -> None:
        from anchor_console.ui.show_editor import ShowEditor

        if window.show_editor is None:
            window.show_editor = ShowEditor(window, runner)
            if runner.show_path is not None:
                window.show_editor.open_path(runner.show_path)
        window.show_editor.show()
        window.show_editor.raise_()
        window.show_editor.activateWindow()

    window._open_show_editor = open_editor
    window.open_presenter = open_presenter
    editor_action = QAction(QCoreApplication.translate("MainWindow", "Show &editor…"), window)
    editor_action.setShortcut(QKeySequence("Ctrl+E"))
    editor_action.triggered.connect(open_editor)
    presenter_action = QAction(QCoreApplication.translate("MainWindow", "&Presenter view"), window)
    presenter_action.setShortcut(QKeySequence("F10"))
    presenter_action.triggered.connect(open_presenter)
    window.extra_actions += [("file", editor_action), ("view", presenter_action)]

    # A show that was running when the console stopped resumes once the room is connected.
    resumed = {"done": False}

    def room_changed(room) -> None:
        if room is not None and not resumed["done"]:
            resumed["done"] = True
            runner.resume_if_running()

    console.room_changed.connect(room_changed)
