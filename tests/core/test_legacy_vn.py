"""Text typed in TCVN3/ABC and VNI-Windows, pasted as mojibake, comes back as Unicode Vietnamese."""

import unicodedata

import pytest

from core.legacy_vn import convert_blocks, detect, to_unicode

# Mojibake as Word or a browser shows it without the old fonts (TCVN3 checked against glibc's iconv TCVN5712-1).
# Together: the five tones, the capitals Ă Â Ê Ô Ơ Ư Đ, the soft hyphen that TCVN3's "ư" is.
TCVN3_PAIRS = [
    ("Hµ TÜnh", "Hà Tĩnh"),
    ("§¶ng bé", "Đảng bộ"),
    ("¦u tiªn", "Ưu tiên"),
    ("¥n nghÜa", "Ơn nghĩa"),
    ("Ng\xadêi d©n", "Người dân"),
    ("Th¹ch Hµ", "Thạch Hà"),
    ("Can Léc", "Can Lộc"),
    ("Nghi Xu©n", "Nghi Xuân"),
    ("H\xad¬ng Khª", "Hương Khê"),
    ("Kú Anh", "Kỳ Anh"),
    ("Vò Quang", "Vũ Quang"),
    ("CÈm Xuyªn", "Cẩm Xuyên"),
    ("§øc Thä", "Đức Thọ"),
    ("Hång LÜnh", "Hồng Lĩnh"),
    ("lóa mïa béi thu", "lúa mùa bội thu"),
    ("tr\xadêng häc", "trường học"),
    ("cÇu phao", "cầu phao"),
    ("¡n qu¶ nhí kÎ trång c©y", "Ăn quả nhớ kẻ trồng cây"),
    ("¢m nh¹c", "Âm nhạc"),
    ("£-®ª", "Ê-đê"),
    ("¤ t«", "Ô tô"),
    ("b·o sè 3 ®æ bé", "bão số 3 đổ bộ"),
    ("söa ch÷a ®ª ®iÒu", "sửa chữa đê điều"),
    ("ngÉu nhiªn", "ngẫu nhiên"),
]

VNI_PAIRS = [
    ("Haø Tónh", "Hà Tĩnh"),
    ("Ñaûng boä", "Đảng bộ"),
    ("Öu tieân", "Ưu tiên"),
    ("Ôn nghóa", "Ơn nghĩa"),
    ("Ngöôøi daân", "Người dân"),
    ("Thaïch Haø", "Thạch Hà"),
    ("Can Loäc", "Can Lộc"),
    ("Nghi Xuaân", "Nghi Xuân"),
    ("Kyø Anh", "Kỳ Anh"),
    ("Vuõ Quang", "Vũ Quang"),
    ("Caåm Xuyeân", "Cẩm Xuyên"),
    ("Ñöùc Thoï", "Đức Thọ"),
    ("Hoàng Lónh", "Hồng Lĩnh"),
    ("luùa muøa boäi thu", "lúa mùa bội thu"),
    ("Aên quaû nhôù keû troàng caây", "Ăn quả nhớ kẻ trồng cây"),
    ("ÑAÛNG BOÄ", "ĐẢNG BỘ"),
    ("ÖÙNG CÖÛ", "ỨNG CỬ"),
    ("ÔÛ HÖÔNG KHEÂ", "Ở HƯƠNG KHÊ"),
    ("baõo soá 3 ñoå boä", "bão số 3 đổ bộ"),
    ("söûa chöõa ñeâ ñieàu", "sửa chữa đê điều"),
    ("Uûy ban", "Ủy ban"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Vieät Nam", "Việt Nam"),
    ("tyû leä", "tỷ lệ"),
]


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_PAIRS)
def test_tcvn3_text_converts_to_unicode(legacy, unicode):
    assert to_unicode(legacy, "tcvn3") == unicode


@pytest.mark.parametrize(("legacy", "unicode"), VNI_PAIRS)
def test_vni_text_converts_to_unicode(legacy, unicode):
    assert to_unicode(legacy, "vni") == unicode


def test_the_result_is_nfc():
    converted = to_unicode("Ngöôøi daân", "vni")
    assert converted == unicodedata.normalize("NFC", converted)


SENTENCES_TCVN3 = [
    "§¶ng bé tØnh Hµ TÜnh l·nh ®¹o nh©n d©n",
    "Ng\xadêi d©n Can Léc ®ãn b·o sè 3",
    "Hµ TÜnh",
]
SENTENCES_VNI = [
    "Ñaûng boä tænh Haø Tónh laõnh ñaïo nhaân daân",
    "Ngöôøi daân Can Loäc ñoùn baõo soá 3",
    "Haø Tónh",
]


@pytest.mark.parametrize("text", SENTENCES_TCVN3)
def test_tcvn3_mojibake_is_detected(text):
    assert detect(text) == "tcvn3"


@pytest.mark.parametrize("text", SENTENCES_VNI)
def test_vni_mojibake_is_detected(text):
    assert detect(text) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        "Đảng bộ tỉnh Hà Tĩnh lãnh đạo nhân dân",
        "Người dân Can Lộc đón bão số 3",
        "Ủy ban nhân dân tỉnh, Ở Hương Khê, Ăn quả nhớ kẻ trồng cây",
        "buôn bán thuở xưa, Ý kiến của Ơn, Điểm Tựa là Đức",
        "The quick brown fox jumps over the lazy dog.",
        "Éclair à la crème, déjà vu, café, naïve",
        "Dự án 2026: 1.200 tỷ đồng",
        "",
    ],
)
def test_unicode_vietnamese_and_english_are_left_alone(text):
    assert detect(text) is None


def test_only_the_paragraphs_in_an_old_encoding_are_converted():
    blocks = [["Tin tức ", "Hà Tĩnh"], ["§¶ng bé ", "tØnh", " Hµ TÜnh"], ["Haø Tónh"]]
    converted, count = convert_blocks(blocks)
    assert converted == [["Tin tức ", "Hà Tĩnh"], ["Đảng bộ ", "tỉnh", " Hà Tĩnh"], ["Hà Tĩnh"]]
    assert count == 2
