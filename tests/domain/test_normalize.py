"""Folding text for the rules: look-alike letters drawn as emoji or small capitals, every script's
digits, traditional spellings of the shipped entries, direction marks (overrides marked,
isolates removed quietly), and flags (an emoji, not the letters they are spelt with)."""

from __future__ import annotations

import unicodedata

import pytest

from anchor_console.domain.normalize import BIDI_MARK, DIGIT_ZEROS, FLAG_REGIONS, FOLD, fold, normalize
from anchor_console.moderation.wordlists import WordLists


@pytest.mark.parametrize("evasion,expected", [
    ("🆂🅱主播", "sb主播"), ("🅢🅑主播", "sb主播"), ("🄰🄱", "ab"),        # negative squared, negative circled, squared
    ("加🇻🇽", "加vx"),                                                    # regional indicators
    ("ꜱʙ主播", "sb主播"), ("ɪᴅɪᴏᴛ", "idiot"), ("ꜰᴜᴄᴋ", "fuck"),           # IPA and Latin Extended-D small capitals
    ("١٣٨٠٠١٣٨٠٠٠", "13800138000"), ("۱۳۸۰۰۱۳۸۰۰۰", "13800138000"),      # Arabic-Indic, Persian
    ("१३८००१३८०००", "13800138000"), ("๑๓๘", "138"), ("𝟏𝟑𝟖", "138"),      # Devanagari, Thai, mathematical
])
def test_look_alike_letters_and_digits_fold_to_plain_ones(evasion, expected):
    assert normalize(evasion) == expected


def test_every_decimal_digit_folds_to_its_ascii_digit():
    """DIGIT_ZEROS lists each script's zero; every decimal digit Unicode knows must be covered."""
    wrong = [hex(cp) for cp in range(0x80, 0x110000) if unicodedata.decimal(chr(cp), None) is not None
             and fold(chr(cp)) != str(unicodedata.decimal(chr(cp)))]
    assert not wrong
    assert all(unicodedata.decimal(chr(zero)) == 0 for zero in DIGIT_ZEROS)


# Traditional spellings of the characters in the shipped entries that have one (simplified → traditional).
SIMPLIFIED, TRADITIONAL = (
    "笔脑残痴货滚东贱妈马玛丑废号联系转账鹅领进页点头机电话职结单评现专业购价厂发费红宝鱼闲别这骗诉举报维权钱质协"
    "划欢畅销强独无顶极选万级绝对国检视荐驰标赔证赚杀药减纯仅亏仓",
    "筆腦殘癡貨滾東賤媽馬瑪醜廢號聯繫轉賬鵝領進頁點頭機電話職結單評現專業購價廠發費紅寶魚閒別這騙訴舉報維權錢質協"
    "劃歡暢銷強獨無頂極選萬級絕對國檢視薦馳標賠證賺殺藥減純僅虧倉")
TRADITIONAL_OF = dict(zip(SIMPLIFIED, TRADITIONAL))


def test_the_table_above_pairs_every_character():
    assert len(SIMPLIFIED) == len(TRADITIONAL) == len(set(SIMPLIFIED)) == len(set(TRADITIONAL))


def test_every_shipped_entry_written_in_traditional_characters_folds_to_the_entry():
    missed = []
    for group in WordLists.defaults().groups:
        for entry in group.words:
            if entry.startswith(("=", "re:")):
                continue
            traditional = "".join(TRADITIONAL_OF.get(ch, ch) for ch in entry)
            if normalize(traditional) != normalize(entry):
                missed.append((group.key, entry, traditional))
    assert not missed
    assert normalize("閑魚有") == normalize("闲鱼有")   # 閑, the other traditional form of 闲


def test_direction_overrides_are_marked_and_isolates_removed_quietly():
    for cp in range(0x202A, 0x202F):   # embeddings and overrides can flip how the row reads
        assert FOLD[cp] == BIDI_MARK
    for cp in range(0x2066, 0x206A):   # isolates (Android puts them around names) cannot
        assert FOLD[cp] == ""
    assert fold("@\u2068Kiki\u2069 好看") == "@kiki 好看"


@pytest.mark.parametrize("text,expected", [
    ("🇸🇧", ""), ("🇨🇳M码有吗", "m码有吗"), ("🇺🇸🇸🇧", ""), ("好看🇨🇳🇨🇳", "好看"),   # flags: emoji, dropped
    ("加🇻🇽", "加vx"), ("🇻", "v"),                       # no flag: shown as letters, read as letters
    ("🇫🇺🇨🇰", "fu"),                                     # paired from the start: F U, then the Cook Islands
    ("🇸🇧🇻", "v"), ("🇻🇸🇧", "vsb"),                       # "🇻🇸" is no flag, so B is left alone
])
def test_a_flag_is_an_emoji_and_other_regional_indicators_are_letters(text, expected):
    assert normalize(text) == expected


def test_a_flag_stays_in_the_folded_text_as_itself():
    assert fold("🇨🇳 M码") == "🇨🇳 m码"


def test_the_flag_regions_are_the_258_of_unicodes_flag_emoji():
    assert len(FLAG_REGIONS) == 258 and all(len(r) == 2 and r.isalpha() and r.islower() for r in FLAG_REGIONS)
    assert {"cn", "us", "sb", "ck", "eu", "un", "xk"} <= FLAG_REGIONS and not {"vx", "fu", "wx"} & FLAG_REGIONS
