import pytest

from core.text import fold, normalize, vn_slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ('"Đòn bẩy" nâng sức mạnh hệ thống chính trị', "don-bay-nang-suc-manh-he-thong-chinh-tri"),
        ("Hà Tĩnh", "ha-tinh"),
        ("ĐẢNG BỘ ĐỨC THỌ", "dang-bo-duc-tho"),
        ("Xây dựng Đảng", "xay-dung-dang"),
        ("Ha\u0300 Ti\u0303nh", "ha-tinh"),  # decomposed (NFD) input
    ],
)
def test_vietnamese_slugs_keep_d_and_drop_marks(text, slug):
    assert vn_slugify(text) == slug


def test_fold_ignores_case_and_diacritics():
    assert fold("HÀ TĨNH") == fold("ha tinh") == fold("Ha\u0300 Ti\u0303nh") == "ha tinh"
    assert fold("Đảng") == "dang"


def test_normalize_composes_and_strips_invisible_characters():
    assert normalize("Vie\u0323\u0302t\u200b Nam\x00\u202e") == "Việt Nam"
