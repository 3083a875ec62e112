"""Interface language: Simplified Chinese or English, from the settings or the system locale.

Engines produce `Text` values (template + arguments); `tr_text` translates the template in its
context and fills the arguments here, at display time."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from anchor_console.domain.text import Text
from anchor_console.resources import resource_path

_installed: list[QTranslator] = []
# Qt's own Chinese catalog lags its file dialog, whose labels gained mnemonics ("&Look in:" where
# it has "Look in:"): ours carries those, so an open or save dialog is not half English.
QT_CATALOG_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def choose_language(setting: str) -> str:
    if setting in ("zh_CN", "en"):
        return setting
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translations(app: QCoreApplication, language: str) -> str:
    """Install translators for `language` ("zh_CN" or "en"); returns what was installed."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return "en"
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", "anchor_console_zh_CN.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)  # Qt's own dialogs (OK/Cancel, file dialogs)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return "zh_CN"


def document_language() -> str:
    """The installed language as an HTML document names it ("zh-CN", "en-US"): fonts and screen
    readers go by it."""
    return QLocale().bcp47Name() if QLocale().language() is not QLocale.Language.Chinese else "zh-CN"


def count_text(n: int, one: str, many: str, **args) -> str:
    """A count in words: `one` ("{n} order") for 1, else `many` ("{n} orders"), {n} and `args`
    filled. Both come from the caller's tr() as literals; English has two forms, Chinese one."""
    return (one if n == 1 else many).format(n=n, **args)


def tr_text(text: Text | None) -> str:
    if text is None:
        return ""
    template = QCoreApplication.translate(text.context, text.template)
    args = {k: (tr_text(v) if isinstance(v, Text) else v) for k, v in text.args.items()}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


def reasons_text(reasons) -> str:
    """Several reasons (Texts) in one line, with the language's separator ("; ", Chinese "；")."""
    return QCoreApplication.translate("Reasons", "; ").join(tr_text(r) for r in reasons)
