"""Every user-visible string has a Simplified Chinese translation, and the shipped .qm is built
from the committed .ts (run resources/i18n/update.py extract/apply/release after changing text)."""

import importlib.util
import re
import shutil
import string
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("i18n_update", ROOT / "resources" / "i18n" / "update.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)


def test_every_string_in_the_code_is_translated(tmp_path):
    ts = tmp_path / "current.ts"
    shutil.copy(i18n.TS, ts)
    i18n.extract(ts)  # merges the code's strings into a copy of the committed translations
    missing = i18n.untranslated(ts)
    assert not missing, "untranslated strings (context, source):\n" + "\n".join(f"{c}\t{s}" for c, s in missing[:40])


def test_no_string_is_written_with_an_escape_lupdate_keeps_as_written(tmp_path):
    """lupdate stores an escape such as "\\n" or '\\"' in a Python string as written, so the text
    the app asks for never finds its translation: split such a text, or quote it the other way."""
    ts = tmp_path / "current.ts"
    shutil.copy(i18n.TS, ts)
    i18n.extract(ts)
    sources = [(c, m.findtext("source")) for c, m in i18n.messages(ts)]
    escaped = [(c, s) for c, s in sources if any(e in s for e in ("\\n", "\\t", '\\"'))]
    assert not escaped, escaped


def placeholders(text: str) -> set[tuple[str, str, str | None]]:
    """The `{name:spec!conv}` fields str.format fills in `text` (ValueError if it cannot parse it)."""
    return {(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None}


def placeholder_mismatches(ts: Path) -> list[str]:
    out = []
    for context, message in i18n.messages(ts):
        source, translation = message.findtext("source"), message.find("translation")
        forms = translation.findall("numerusform") if message.get("numerus") == "yes" else [translation]
        for form in forms:
            text = form.text or ""
            try:
                ok = placeholders(text) == placeholders(source)
            except ValueError:   # an unpaired brace: .format would raise, tr_text would show the template
                ok = False
            if text and not ok:
                out.append(f"{context}\t{source}\t{text}")
    return out


def test_every_translation_has_exactly_the_placeholders_of_its_source(tmp_path):
    """A translation that loses or renames a {placeholder} drops the data it stood for (tr_text
    falls back to the bare template on a KeyError); one with an unpaired brace shows the template."""
    assert not placeholder_mismatches(i18n.TS), "\n".join(placeholder_mismatches(i18n.TS)[:40])
    broken = tmp_path / "broken.ts"
    broken.write_text(i18n.TS.read_text(encoding="utf-8").replace(
        "<translation>{service}未在观众聊天中禁言该观众：{reason}</translation>",
        "<translation>{service}未在观众聊天中禁言该观众：{why}</translation>", 1), encoding="utf-8")
    assert len(placeholder_mismatches(broken)) == 1   # the check sees a renamed placeholder


# Words the console uses for one thing everywhere: (English word in the source, the Chinese that
# must not stand for it). A cue is a 动作 in the editor, so the review and the API must not call it
# 提示; a rehearsal is 彩排 (not 排练); a flash sale that is running is 抢购中, not 直播中 (the room's
# own state beside it in the header).
GLOSSARY = [
    (re.compile(r"\bcues?\b", re.IGNORECASE), "提示"),
    (re.compile(r"\brehearsal\b", re.IGNORECASE), "排练"),
]
EXACT = {("FlashSaleModel", "LIVE"): "抢购中"}


def test_the_same_thing_has_the_same_chinese_name_everywhere():
    wrong = []
    for context, message in i18n.messages(i18n.TS):
        source, translation = message.findtext("source"), message.findtext("translation") or ""
        wrong += [f"{context}\t{source}\t{translation}" for word, not_it in GLOSSARY
                  if word.search(source) and not_it in translation]
        if (context, source) in EXACT and translation != EXACT[(context, source)]:
            wrong.append(f"{context}\t{source}\t{translation} (should be {EXACT[(context, source)]})")
    assert not wrong, "\n".join(wrong)


def test_shipped_qm_matches_the_ts(tmp_path):
    qm = tmp_path / "check.qm"
    i18n.release(i18n.TS, qm)
    assert qm.read_bytes() == i18n.QM.read_bytes(), "run: python resources/i18n/update.py release"


def test_chinese_is_loaded(qapp):
    from anchor_console.ui.common.i18n import install_translations, tr_text
    from anchor_console.domain.capabilities import Capability

    assert install_translations(qapp, "zh_CN") == "zh_CN"
    try:
        assert tr_text(Capability.COUPONS.label) == "优惠券"
    finally:
        install_translations(qapp, "en")
    assert tr_text(Capability.COUPONS.label) == "coupons"


_CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_HALF_WIDTH_IN_CHINESE = re.compile(
    rf"{_CJK}\s*[,;!]|[,;!]\s*{_CJK}"              # 已准备,共 → 已准备，共
    rf"|{_CJK}\s*\?(?![A-Za-z])|\?\s*{_CJK}"       # but a URL's ?token= stays
    rf"|(?![时分]){_CJK}:(?!\d)"                    # 确认:场控 → 确认：场控 (分:秒 is a format to type)
    rf"|\([^()]*{_CJK}[^()]*\)")                    # (可选) → （可选）


def test_chinese_text_uses_full_width_punctuation():
    """Chinese sentences take full-width marks (，：；！？（）); half-width ones beside Chinese read as a
    machine's output. Times (20:03), URLs (?token=) and formats to type (分:秒) keep theirs."""
    found = []
    for context, message in i18n.messages(i18n.TS):
        translation = message.find("translation")
        for form in translation.findall("numerusform") or [translation]:
            if _HALF_WIDTH_IN_CHINESE.search(form.text or ""):
                found.append(f"{context}\t{form.text}")
    assert not found, "\n".join(found[:40])
