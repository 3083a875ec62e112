"""Text as the rules see it: evasions folded away.

Spammers write 加 V, 薇❤信, ｖｘ, w-e-i-x-i-n, ＋ｖ, 幑信, 一三八…: the matcher sees one canonical
"skeleton" — NFKC, lower case, look-alike letters and digits folded, common variant and
traditional characters simplified, invisible and zero-width characters removed, and everything
that is not a letter, digit or CJK character dropped (separators, emoji between letters). fold()
does all but the last step: links are matched on its result, and whole-word entries look at it to
see where a word begins and ends. The original text is kept for display; only matching uses the
skeleton.

Speed matters (100,000+ comments a second): one str.translate table built at import, NFKC only
for text that needs it, one C-level regex substitution."""

from __future__ import annotations

import re
import unicodedata

# Look-alike letters (Cyrillic, Greek) that NFKC leaves alone.
_LOOKALIKE = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ω": "w", "ѵ": "v", "ⅴ": "v", "∨": "v", "√": "v", "ⅹ": "x", "×": "x",
}
# Characters people swap in to dodge 微信 / 加 / 联系 filters.
_VARIANTS = {
    "薇": "微", "威": "微", "徽": "微", "幑": "微", "嶶": "微", "溦": "微", "巍": "微", "煨": "微",
    "咖": "加", "茄": "加", "珈": "加", "+": "加", "＋": "加", "➕": "加", "✚": "加",
    "芯": "信", "訫": "信", "蔚": "微",
    "扣": "扣", "叩": "扣", "蔻": "扣",
    "〇": "0", "零": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
    "六": "6", "七": "7", "八": "8", "九": "9",
    # the formal numerals (大写数字) a phone number is written in too
    "壹": "1", "贰": "2", "貳": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6", "陸": "6", "柒": "7", "捌": "8",
    "玖": "9",
}
# Common traditional → simplified characters (the ones comments, scripts and word lists need).
_TRADITIONAL = (
    "號号買买賣卖價价錢钱貨货發发運运費费優优質质騙骗詐诈復复製制廣广國国級级頂顶絕绝對对幾几個个這这麼么嗎吗們们來来"
    "說说話话請请問问謝谢讓让給给還还沒没無无為为與与專专業业東东車车門门開开關关點点擊击網网頁页鏈链碼码聯联繫系係系"
    "務务員员寶宝場场銷销賬账戶户紅红萬万億亿兩两衛卫報报導导醫医藥药療疗癒愈減减贏赢輸输錯错體体驗验證证認认銀银賺赚"
    "獎奖贈赠預预約约現现實实時时間间長长華华陽阳陰阴雙双單单後后裡里裏里邊边區区圖图書书畫画聽听說说訊讯傳传訂订購购"
    "辦办機机會会從从見见覺觉親亲愛爱總总盡尽極极顯显樣样擇择選选讀读寫写紙纸貼贴帶带滿满試试說说註注冊册號号碼码嗯嗯"
    "麵面條条湯汤雞鸡蝦虾魚鱼肉肉飯饭菜菜處处處处應应該该態态勢势樂乐藝艺術术館馆簡简單单純纯潔洁淨净氣气溫温濕湿熱热"
    "涼凉風风雲云電电腦脑視视頻频網网紅红衝冲鋒锋線线條条點点贊赞轉转發发評评論论屬属於于麼么騷骚擾扰垃垃圾圾滾滚髒脏"
    "婊婊賤贱殺杀蠢蠢豬猪狗狗媽妈爸爸們们絲丝襪袜褲裤裙裙衫衫鞋鞋帽帽"
    "腦脑殘残癡痴廢废進进職职結结頭头領领鵝鹅訴诉舉举維维權权"
    "馬马瑪玛醜丑筆笔協协閒闲閑闲別别廠厂劃划歡欢暢畅強强獨独僅仅檢检薦荐馳驰標标賠赔虧亏倉仓")
_TABLE: dict[int, str] = {}
# Accented Latin letters and small capitals as their plain letter ("fúck", "shït", "ᴠx"): NFKC
# composes an accent rather than dropping it. (Lower case only: fold() lowers the text first.)
for _cp in range(0xC0, 0x250):
    _base = unicodedata.normalize("NFD", chr(_cp))[0]
    if chr(_cp).islower() and _base.isascii() and _base.isalpha():
        _TABLE[_cp] = _base.lower()
# Small capitals are in three blocks: IPA (ʙ ɪ ʜ), Phonetic Extensions (ᴅ ᴏ ᴛ) and Latin Extended-D (ꜱ ꜰ).
for _cp in [*range(0x250, 0x2B0), *range(0x1D00, 0x1D2C), *range(0xA720, 0xA800)]:
    _name = unicodedata.name(chr(_cp), "")
    if _name.startswith("LATIN LETTER SMALL CAPITAL ") and len(_name) == len("LATIN LETTER SMALL CAPITAL X"):
        _TABLE[_cp] = _name[-1].lower()
# Letters drawn as emoji: squared and circled capitals (🆂🅱, 🅢🅑 — NFKC leaves the negative ones).
for _cp in range(0x1F130, 0x1F18A):
    _name = unicodedata.name(chr(_cp), "")
    if _name.endswith(" LATIN CAPITAL LETTER " + _name[-1:]):
        _TABLE[_cp] = _name[-1].lower()
# The regional indicators flags are spelt with: read in pairs from the start of a run, as a phone
# draws them. A pair that is a flag (🇸🇧, 🇨🇳) is an emoji — read as letters, the Solomon Islands'
# flag was "sb" and "🇨🇳M码有吗" had "cnm" in it; any other pair (加🇻🇽) or one left over shows as
# its letters and is read as them. Listed here so that _NEEDS_FOLD finds them; fold() reads them.
for _cp in range(0x1F1E6, 0x1F200):
    _TABLE[_cp] = chr(_cp)
# The regions with a flag emoji (Unicode's RGI flag sequences: ISO 3166 codes and a few more).
FLAG_REGIONS = frozenset("""
    AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA
    CC CD CF CG CH CI CK CL CM CN CO CP CR CU CV CW CX CY CZ DE DG DJ DK DM DO DZ EA EC EE EG EH ER ES ET EU FI FJ FK FM
    FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU IC ID IE IL IM IN IO IQ IR IS IT JE
    JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
    TW TZ UA UG UM UN US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW""".lower().split())
_REGIONAL_PAIR = re.compile("[\U0001F1E6-\U0001F1FF]{1,2}")


def _regional(m: re.Match) -> str:
    letters = "".join(chr(ord("a") + ord(ch) - 0x1F1E6) for ch in m.group(0))
    return m.group(0) if letters in FLAG_REGIONS else letters


# Every script's decimal digits as ASCII ones (١٣٨…, १३८…: a phone number all the same). NFKC folds
# only the fullwidth and mathematical ones. Each script's zero; the nine after it follow it (a test
# checks this list against unicodedata).
DIGIT_ZEROS = (0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50,
               0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
               0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066,
               0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950,
               0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
               0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0)
for _zero in DIGIT_ZEROS:
    for _d in range(10):
        _TABLE[_zero + _d] = str(_d)
for _a, _b in {**_LOOKALIKE, **_VARIANTS}.items():
    _TABLE[ord(_a)] = _b
for _i in range(0, len(_TRADITIONAL) - 1, 2):
    if _TRADITIONAL[_i] != _TRADITIONAL[_i + 1]:
        _TABLE[ord(_TRADITIONAL[_i])] = _TRADITIONAL[_i + 1]


def _runs(points: list[int]) -> list[list[int]]:
    """Sorted code points as [first, last] runs of consecutive ones."""
    runs: list[list[int]] = []
    for cp in points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


# Direction overrides and embeddings would let a comment flip how the row reads: folded to a marker
# the detectors look for with one `in` test (and that the skeleton drops). The isolates (U+2066–2069)
# cannot reach past their own run — Android puts them around names ("@\u2068Kiki\u2069") — so they
# are removed with the other format characters below, unremarked.
BIDI_MARK = "\ue000"
for _cp in range(0x202A, 0x202F):
    _TABLE[_cp] = BIDI_MARK
# Invisible characters are removed, so that they cannot split a word or a phone number: fillers
# that count as letters (the Hangul fillers: "加ㅤ微信" would read as 加, a letter, 微信) or show
# nothing (the braille blank, the grapheme joiner, the Mongolian vowel separator, variation selectors).
_INVISIBLE = [0x34F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x2800, 0x3164, *range(0xFE00, 0xFE10),
              0xFFA0, *range(0xE0100, 0xE01F0)]
# So are format characters (Unicode category Cf: zero-width spaces and joiners, soft hyphens, BOMs,
# tags, direction isolates — the direction overrides above excepted), which would otherwise split a
# "=word" entry in the folded text ("sc\u200bam"). A test checks this list against unicodedata.
_FORMAT = [0xAD, *range(0x600, 0x606), 0x61C, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x180E, *range(0x200B, 0x2010),
           *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC), 0x110BD, 0x110CD,
           *range(0x13430, 0x13439), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B), 0xE0001,
           *range(0xE0020, 0xE0080)]
for _cp in [*_INVISIBLE, *_FORMAT]:
    _TABLE[_cp] = ""
FOLD = str.maketrans(_TABLE)
# translate() costs ~2 µs a comment; fewer than one in ten needs it, and this finds them in 0.4 µs.
# Written as ranges: a class listing characters beyond U+FFFF one by one is tested one by one.
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
                                       for first, last in _runs(sorted(_TABLE))) + "]")

# 维 and 伽 stand in for 微 and 加 only beside 信/v/微 ("维信", "伽v"): folded everywhere, a buyer's
# "添加维生素" read as 加微 and "瑜伽V领" as 加v — questions deleted as contact details.
_IN_CONTEXT = re.compile(r"维(?=[\W_]*[信v])|(?<!瑜)伽(?=[\W_]*[v微])")


def _in_context(m: re.Match) -> str:
    return "微" if m.group(0) == "维" else "加"


# Everything that is not a letter, digit or CJK ideograph (so also "_"), removed in one pass.
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """NFKC (only when needed), lower case, look-alikes and variants folded, invisible characters
    removed, regional indicators read as letters unless they make a flag; separators kept."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if _NEEDS_FOLD.search(text):
        text = text.translate(FOLD)
        if _REGIONAL_PAIR.search(text):
            text = _REGIONAL_PAIR.sub(_regional, text)
    if "维" in text or "伽" in text:
        text = _IN_CONTEXT.sub(_in_context, text)
    return text


def skeleton(folded: str) -> str:
    """What the word lists match: letters, digits and CJK only."""
    return _NOT_WORD.sub("", folded)


def normalize(text: str) -> str:
    return skeleton(fold(text))


def normalize_many(texts: list[str]) -> list[str]:
    """normalize() of each text, folded as one text and split again: a 100,000-entry word list
    compiles in a fraction of the time. (Folding never makes or merges a line break.)"""
    parts = fold("\n".join(texts)).split("\n")
    if len(parts) != len(texts):   # a text with a line break of its own
        return [normalize(t) for t in texts]
    sub = _NOT_WORD.sub
    return [sub("", p) for p in parts]
