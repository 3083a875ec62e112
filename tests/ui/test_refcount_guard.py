"""PySide6 6.12.0 on CPython 3.11 lowers the refcount of None on every void Qt call until the
process dies ("none_dealloc"). pyproject pins PySide6-Essentials<6.12 on Python < 3.12; this test
fails if a broken build slips in anyway."""

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_none_refcount_does_not_drift(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(1000):
        QApplication.processEvents()
        label.setText(str(i))
    after = sys.getrefcount(None)
    if sys.version_info >= (3, 12):
        return  # None is immortal from 3.12 on
    assert abs(after - before) < 100, f"refcount of None drifted by {after - before} over 1,000 calls"
