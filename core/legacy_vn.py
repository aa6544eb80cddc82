"""Old Vietnamese encodings (TCVN3/ABC ".VnTime", VNI-Windows) pasted as mojibake, back to Unicode.

Provincial offices still send documents typed with the 8-bit fonts of the 1990s. Opened or pasted without those fonts,
each byte shows as its Windows-1252 character: TCVN3's "Hà Tĩnh" arrives as "Hµ TÜnh", VNI's as "Haø Tónh". Pure
functions, no Django: `detect()` says which encoding a text looks like (None for Unicode Vietnamese or English),
`to_unicode()` converts, `convert_blocks()` does both for the paragraphs of a story.

No maintained package on PyPI does this (checked: the converters there are unmaintained one-offs or bundled in large
document readers), so the tables are here, checked against glibc's iconv TCVN5712-1 for TCVN3.
"""

import re
import unicodedata

# TCVN3 (TCVN 5712:1993 VN3): one byte per letter. Capitals with tones have no code of their own: ".VnTimeH" fonts
# draw the lower-case codes as capitals, which a paste cannot see, so those come back lower case.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
TCVN3 = str.maketrans({bytes([code]).decode("cp1252"): letter for code, letter in _TCVN3_BYTES.items()})

# VNI-Windows: a base letter followed by a mark character (lower-case marks after lower-case letters, capitals after
# capitals); a few letters are one character of their own (đ, ơ, ư and four forms of i).
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VNI_TONE = "øùûõï"  # after a, e, o, u, y, ơ, ư
_VNI_CIRCUMFLEX = "âàáåãä"  # â ê ô, then with each tone
_VNI_BREVE = "êèéúüë"  # ă, then with each tone


def _compose(base, tone):
    return unicodedata.normalize("NFC", base + tone)


# (base, mark, letter) in lower case: the two characters VNI types for each letter.
_VNI_LOWER = [
    *[(base, mark, _compose(base, tone)) for base in "aeouy" for tone, mark in zip(_TONES, _VNI_TONE, strict=True)],
    *[
        (base, mark, _compose(hat, tone))
        for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô"))
        for tone, mark in zip(["", *_TONES], _VNI_CIRCUMFLEX, strict=True)
    ],
    *[("a", mark, _compose("ă", tone)) for tone, mark in zip(["", *_TONES], _VNI_BREVE, strict=True)],
    *[
        (horn, mark, _compose(letter, tone))
        for horn, letter in (("ô", "ơ"), ("ö", "ư"))
        for tone, mark in zip(_TONES, _VNI_TONE, strict=True)
    ],
]


def _vni_pairs():
    pairs = {}
    for base, mark, letter in _VNI_LOWER:
        pairs[base + mark] = letter
        pairs[base.upper() + mark.upper()] = letter.upper()
    for base, mark, letter in _VNI_LOWER:  # a capital with a lower-case mark: the start of a sentence, some tools
        pairs.setdefault(base.upper() + mark, letter.upper())
    return pairs


_VNI_PAIRS = _vni_pairs()
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị",
    "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# Longest first: "oâ" (ô) before the lone "ô" (ơ).
_VNI = re.compile("|".join(re.escape(key) for key in sorted({*_VNI_PAIRS, *_VNI_SINGLE}, key=len, reverse=True)))


def _from_vni(text):
    return _VNI.sub(lambda match: _VNI_PAIRS.get(match[0]) or _VNI_SINGLE[match[0]], text)


def to_unicode(text, encoding):
    """Convert mojibake of `encoding` ("tcvn3" or "vni") to NFC Unicode."""
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", text.translate(TCVN3))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _from_vni(text))
    raise ValueError(encoding)


# A Vietnamese syllable: onset, vowel nucleus, final consonant, at most one tone. Words of plain ASCII (English,
# numbers, names) count as words too. Mojibake words are neither; the same words converted are syllables.
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_OPEN = "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uyu|uya|ưu"
_CLOSABLE = "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|uyê|oo"
_SYLLABLE = re.compile(f"{_ONSET}(?:(?:{_OPEN})|(?:{_CLOSABLE})(?:ch|ng|nh|[cmnpt])?)")
_WORD_SPLIT = re.compile(r"[\s0-9!-/:-@\[-`{-~\u2010-\u206f]+")


def _is_word(token):
    if token.isascii():
        return True
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(decomposed.count(tone) for tone in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _gain(text, encoding):
    """How many more words are Vietnamese after converting, and how many words the conversion changed."""
    gained = changed = 0
    for token in filter(None, _WORD_SPLIT.split(text)):
        converted = to_unicode(token, encoding)
        if converted != token:
            changed += 1
            gained += _is_word(converted) - _is_word(token)
    return gained, changed


def detect(text):
    """ "tcvn3" or "vni" when most words the conversion touches become Vietnamese; None otherwise."""
    best, best_gain = None, 0
    for encoding in ("tcvn3", "vni"):
        gained, changed = _gain(text or "", encoding)
        if gained > best_gain and gained * 2 >= changed:
            best, best_gain = encoding, gained
    return best


def convert_blocks(blocks):
    """Each block is the list of text pieces of one paragraph (split by bold, links...): detection runs on the whole
    paragraph, conversion on each piece. Returns the blocks converted and how many were."""
    converted, count = [], 0
    for pieces in blocks:
        encoding = detect("".join(pieces))
        if encoding:
            count += 1
            pieces = [to_unicode(piece, encoding) for piece in pieces]
        converted.append(list(pieces))
    return converted, count
