"""Qt's own file dialog in the Chinese interface: every label Chinese. Qt 6's labels gained
mnemonics ("&Look in:") that its Chinese catalog lacks; the console's catalog carries them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLabel

from anchor_console.ui.common.i18n import install_translations


def test_an_open_and_a_save_dialog_are_all_chinese(qapp):
    install_translations(qapp, "zh_CN")
    try:
        for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
            dialog = QFileDialog(None, "x", "", "Shows (*.toml)")
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.setAcceptMode(mode)
            labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
            dialog.deleteLater()
            assert labels and not [t for t in labels if t.replace("&", "").isascii()], labels
    finally:
        install_translations(qapp, "en")
