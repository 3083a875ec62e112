"""Copying a secret (the control API's token) to the clipboard: marked with each platform's
"concealed, keep out of history" hint, and cleared after `CLEAR_AFTER_MS` if it still holds it.

The hints: Windows — ExcludeClipboardContentFromMonitorProcessing, and CanIncludeInClipboardHistory
and CanUploadToCloudClipboard set to 0 (no clipboard history, no cloud sync); KDE (Klipper) —
x-kde-passwordManagerHint = secret; macOS — application/x-nspasteboard-concealed-type, the name
Qt applications (KeePassXC, CopyQ) use. Qt gives that one to macOS as a com.trolltech.anymime
type, not as org.nspasteboard.ConcealedType, which needs a native pasteboard converter PySide6
does not offer: there, clearing it is what keeps the token from lingering."""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000
_WINDOWS = 'application/x-qt-windows-mime;value="{}"'   # Qt's name for a native clipboard format
_DWORD_0, _DWORD_1 = b"\0\0\0\0", b"\1\0\0\0"


def secret_mime(text: str, platform: str | None = None) -> QMimeData:
    """`text` as clipboard data marked concealed for `platform` (sys.platform's form)."""
    platform = platform or sys.platform
    mime = QMimeData()
    mime.setText(text)
    if platform == "win32":
        marks = {_WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing"): _DWORD_1,
                 _WINDOWS.format("CanIncludeInClipboardHistory"): _DWORD_0,
                 _WINDOWS.format("CanUploadToCloudClipboard"): _DWORD_0}
    elif platform == "darwin":
        marks = {"application/x-nspasteboard-concealed-type": b"secret"}
    else:
        marks = {"x-kde-passwordManagerHint": b"secret"}
    for name, value in marks.items():
        mime.setData(name, QByteArray(value))
    return mime


def copy_secret(text: str) -> None:
    """Onto the clipboard, marked; taken off again after CLEAR_AFTER_MS unless something else was
    copied meanwhile (that stays)."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(secret_mime(text))

    def clear_if_still_there() -> None:
        if clipboard.text() == text:
            clipboard.clear()

    QTimer.singleShot(CLEAR_AFTER_MS, clipboard, clear_if_still_there)   # the clipboard outlives the dialog
