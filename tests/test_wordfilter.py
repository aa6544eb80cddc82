import pytest

from comments.wordfilter import find_banned, fold_words

ENTRIES = ["dit", "đồ ngu", "lừa đảo"]


def test_fold_words_ignores_case_diacritics_and_punctuation():
    assert fold_words("Đồ  NGU!") == ["do", "ngu"]
    assert fold_words("Vie\u0323\u0302t Nam, 2024") == ["viet", "nam", "2024"]
    assert fold_words("") == []


@pytest.mark.parametrize("text", ["địt", "Đít", "DIT", "thằng này dit!", "(địt)", "dit_me"])
def test_entry_without_diacritics_catches_every_spelling(text):
    assert find_banned(text, ENTRIES) == "dit"


@pytest.mark.parametrize("text", ["dịch bệnh", "editor", "đitmẹ", "Đitô", "dị tật"])
def test_only_whole_words_match(text):
    assert find_banned(text, ENTRIES) is None


@pytest.mark.parametrize("text", ["Đồ  NGU", "do ngu", "mày là đồ, ngu", "ĐỒ NGU!!!"])
def test_phrase_matches_across_spacing_case_and_punctuation(text):
    assert find_banned(text, ENTRIES) == "đồ ngu"


def test_phrase_words_must_be_consecutive():
    assert find_banned("đồ ăn ngon, không ngu", ENTRIES) is None


def test_entry_written_with_diacritics_catches_unaccented_text():
    assert find_banned("bon nay lua dao", ENTRIES) == "lừa đảo"


def test_first_match_in_reading_order_is_reported_as_written():
    assert find_banned("lừa đảo, đồ ngu", ["Đồ  NGU", "LỪA ĐẢO"]) == "LỪA ĐẢO"


def test_longer_phrase_wins_at_the_same_position():
    assert find_banned("đồ ngu", ["do", "đồ ngu"]) == "đồ ngu"


def test_blank_entries_and_empty_text_match_nothing():
    assert find_banned("bất kỳ", ["", "  ", "!!"]) is None
    assert find_banned("", ENTRIES) is None
    assert find_banned("địt", []) is None


def test_a_few_hundred_entries():
    entries = [f"từ cấm {n}" for n in range(500)] + ["dit"]
    text = "Bình luận dài " * 500 + "Địt"
    assert find_banned(text, entries) == "dit"
    assert find_banned(text, tuple(entries)) == "dit"  # same cache entry for a list or a tuple
