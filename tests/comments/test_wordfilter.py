"""Banned words respect tone marks: an entry matches the same words with the same marks, whatever the case."""

import pytest

from comments.wordfilter import find_banned, search, words

ENTRIES = ["ngu", "đồ ngu", "lừa đảo", "địt"]


def test_words_keep_marks_and_ignore_case_form_and_punctuation():
    assert words("Đồ  NGU!") == ["đồ", "ngu"]
    assert words("Vie\u0323\u0302t Nam, 2024") == ["việt", "nam", "2024"]  # decomposed input, NFC words
    assert words("") == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Chúc cả nhà ngủ ngon", id="ngủ-sleep"),
        pytest.param("Ngư dân Thạch Kim ra khơi", id="Ngư-fisherman"),
        pytest.param("Ngũ quả ngày Tết", id="Ngũ-five"),
        pytest.param("Ngụ tại xã Cẩm Bình", id="Ngụ-reside"),
        pytest.param("nguyên tắc", id="longer-word"),
        pytest.param("đỗ ngủ", id="đỗ-ngủ"),
    ],
)
def test_a_word_with_other_marks_is_another_word(text):
    assert find_banned(text, ["ngu", "đồ ngu"]) is None


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        pytest.param("ngu", "Thằng này NGU thật", id="unmarked-entry-unmarked-text"),
        pytest.param("ngu", "ngu!", id="punctuation"),
        pytest.param("địt", "ĐỊT", id="marked-upper-case"),
        pytest.param("địt", "đi\u0323t", id="decomposed-marks"),
        pytest.param("đồ ngu", "mày là Đồ,   NGU", id="phrase-across-spacing"),
        pytest.param("lừa đảo", "bọn LỪA ĐẢO này", id="phrase-upper-case"),
    ],
)
def test_the_same_word_with_the_same_marks_matches(entry, text):
    assert find_banned(text, [entry]) == entry


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        pytest.param("ngu", "ngủ", id="ngu-vs-ngủ"),
        pytest.param("ngu", "Ngư", id="ngu-vs-Ngư"),
        pytest.param("địt", "dit", id="marked-entry-unmarked-text"),
        pytest.param("dit", "địt", id="unmarked-entry-marked-text"),
        pytest.param("lừa đảo", "lua dao", id="phrase-without-marks"),
        pytest.param("ma", "má mà mả mã mạ", id="every-tone-of-ma"),
    ],
)
def test_words_that_differ_only_by_marks_do_not_match(entry, text):
    assert find_banned(text, [entry]) is None


def test_only_whole_words_match():
    assert find_banned("nguyên nhân, ngungốc", ["ngu"]) is None


def test_phrase_words_must_be_consecutive():
    assert find_banned("đồ ăn ngon, không ngu", ["đồ ngu"]) is None


def test_first_match_in_reading_order_is_reported_as_written():
    assert find_banned("lừa đảo, đồ ngu", ["Đồ  NGU", "LỪA ĐẢO"]) == "LỪA ĐẢO"


def test_longer_phrase_wins_at_the_same_position():
    assert find_banned("đồ ngu", ["đồ", "đồ ngu"]) == "đồ ngu"


def test_the_match_shows_the_words_in_context():
    text = "Bài viết hay. Nhưng ai phản đối thì là đồ  NGU, nói thật đấy."
    match = search(text, ENTRIES)
    before, matched, after = match.context(width=10)
    assert match.entry == "đồ ngu"
    assert matched == "đồ  NGU"
    assert before == "…ối thì là "
    assert after == ", nói thật…"


def test_blank_entries_and_empty_text_match_nothing():
    assert find_banned("bất kỳ", ["", "  ", "!!"]) is None
    assert find_banned("", ENTRIES) is None
    assert find_banned("địt", []) is None


def test_a_few_hundred_entries():
    entries = [f"từ cấm {n}" for n in range(500)] + ["địt"]
    text = "Bình luận dài " * 500 + "Địt"
    assert find_banned(text, entries) == "địt"
    assert find_banned(text, tuple(entries)) == "địt"  # same cache entry for a list or a tuple
