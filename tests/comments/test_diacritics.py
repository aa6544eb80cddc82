import unicodedata

import pytest

from comments.diacritics import analyse, diacritic_ratio, lacks_diacritics
from core.text import strip_marks
from tests.data.diacritics_corpus import ACCENTED, ENGLISH, NAMES_AND_SHORT, UNACCENTED


def test_corpus_is_large_enough():
    assert len(ACCENTED) >= 60
    assert len(UNACCENTED) >= 60
    assert len(ENGLISH) >= 30


def test_precision_and_recall_on_the_corpus():
    refused_unaccented = sum(lacks_diacritics(text) for text in UNACCENTED)
    refused_correct = sum(lacks_diacritics(text) for text in ACCENTED + ENGLISH + NAMES_AND_SHORT)
    precision = refused_unaccented / (refused_unaccented + refused_correct)
    recall = refused_unaccented / len(UNACCENTED)
    counts = f"{refused_unaccented}/{len(UNACCENTED)} refused, {refused_correct} false refusals"
    print(f"\ndiacritics detector: precision {precision:.3f}, recall {recall:.3f} ({counts})")
    assert precision >= 0.98
    assert recall >= 0.9


@pytest.mark.parametrize("text", ACCENTED)
def test_vietnamese_with_diacritics_is_never_refused(text):
    assert not lacks_diacritics(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_and_mixed_comments_are_never_refused(text):
    assert not lacks_diacritics(text)


@pytest.mark.parametrize("text", NAMES_AND_SHORT)
def test_names_short_replies_numbers_and_links_are_not_refused(text):
    assert not lacks_diacritics(text)


def test_accented_corpus_stripped_of_its_marks_is_refused():
    # Same sentences as the accepted ones, marks removed: only the very short ones may pass.
    long_enough = [strip_marks(text) for text in ACCENTED if len(text.split()) >= 5]
    refused = [text for text in long_enough if lacks_diacritics(text)]
    assert len(refused) / len(long_enough) >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "vui long go tieng viet co dau",
        "bai viet rat hay, cam on tac gia",
        "BAI VIET RAT HAY CAM ON TAC GIA",
        "Vui Long Go Tieng Viet Co Dau Nhe",
        "mk ko hieu sao bai nay dc dang",
        "Tôi thay bai viet nay rat hay va bo ich",  # one accent typed by hand among twelve words
    ],
)
def test_unaccented_vietnamese_is_refused(text):
    assert lacks_diacritics(text)


def test_decomposed_input_counts_as_accented():
    text = unicodedata.normalize("NFD", "Bài viết rất hay, cảm ơn tác giả")
    assert not lacks_diacritics(text)


def test_unaccented_names_inside_a_sentence_are_ignored():
    assert analyse("Cảm ơn nhà báo Nguyen Van Binh").names == 3
    assert not lacks_diacritics("Tran Thi Thu Huong")


def test_correct_sentence_of_plain_words_is_not_refused():
    # "Cho em xin tin" needs no marks at all: it must not be mistaken for unaccented typing.
    assert not lacks_diacritics("Cho em xin tin hay")


def test_diacritic_ratio():
    assert diacritic_ratio("Bài viết rất hay") == 1.0
    assert diacritic_ratio("bai viet rat hay") == 0.0
    assert diacritic_ratio("Great article") is None
    assert diacritic_ratio("") is None
