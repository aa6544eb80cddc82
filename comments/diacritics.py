"""Tell Vietnamese typed without diacritics ("vui long go tieng viet co dau") from everything else.

The comment form promises readers "Vui lòng gõ tiếng Việt có dấu"; this module decides when a comment
breaks that promise. A false refusal (a reader who did type diacritics, or wrote English, a name, a
link, "ok") is far worse than letting an unaccented comment through to the moderators, so every rule
below leans towards accepting.

How a text is judged (see ``analyse``):

1. URLs, e-mail addresses and tokens containing digits ("NQ TW 4", "+1", "10k") are dropped; the
   rest is split into words.
2. Title-case words that do not start a sentence are taken for names ("Nguyen Van Binh", "Ha Tinh")
   and ignored, unless the whole text is typed in Title Case.
3. Every remaining word falls into one class:
   - *accented*: it carries a Vietnamese mark (any combining mark after NFD, or đ/Đ);
   - *plain*: a real Vietnamese word correctly written without marks ("anh", "em", "cho", "tin");
   - *stripped*: a valid Vietnamese syllable that is not a common plain word, so it almost surely
     lost its marks ("khong", "duoc", "nguoi", "viet", "tieng");
   - *teen code*: chat abbreviations ("ko", "dc", "k", "j") — Vietnamese, but no evidence either way;
   - *English*: a common English word that cannot be a Vietnamese syllable ("this", "with");
   - *ambiguous*: both a common English word and a valid syllable ("the", "to", "can", "me"); it
     counts as Vietnamese only when the text has more Vietnamese than English words;
   - *other*: anything else (loanwords, abbreviations, "Covid", "Facebook", "OK").

   "Valid syllable" is checked against Vietnamese spelling (onset + rhyme tables, with the c/k,
   g/gh, ng/ngh spelling rules) rather than a word list, so rare syllables are recognised too.
4. The text lacks diacritics when all of these hold:
   - at least ``MIN_VIETNAMESE_WORDS`` (4) Vietnamese-looking words: shorter replies ("hay qua",
     "ok", "dong y") are too short to judge and are let through;
   - at least ``MIN_STRIPPED_WORDS`` (2) stripped words: a correct sentence made only of plain
     words ("Cho em xin tin") is never refused;
   - accented / (accented + stripped) below ``MAX_ACCENTED_SHARE`` (0.25): a reader who typed one
     or two accents by hand among many unaccented words is still refused, while correct text
     (where this share is close to 1) never comes near the threshold;
   - Vietnamese-looking words make at least ``MIN_VIETNAMESE_SHARE`` (60 %) of the words, so
     English or mixed text is left alone.

The corpus in ``tests/data/diacritics_corpus.py`` measures precision and recall of these rules.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.text import fold, normalize

MIN_VIETNAMESE_WORDS = 4
MIN_STRIPPED_WORDS = 2
MAX_ACCENTED_SHARE = 0.25
MIN_VIETNAMESE_SHARE = 0.6

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:vn|com|net|org|info|edu|gov)(?:/\S*)?", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_SENTENCE_END = re.compile(r"[.!?…:;\n]+")
# Letters and digits, keeping "don't" in one piece so that it is not read as the syllable "don".
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

_ONSETS = "ngh ng nh gh gi kh ph th tr ch qu b c d g h k l m n p r s t v x".split() + [""]  # longest first, "" last
_RHYMES = frozenset(
    """
    a ai ao au ay ac ach am an ang anh ap at
    e eo eu ec ech em en eng enh ep et
    i ia iu ich im in inh ip it
    iec iem ien ieng iep iet ieu y yen yet yeu yem
    o oi oc om on ong op ot oong ooc
    oa oac oach oai oam oan oang oanh oao oap oat oay oe oen oeo oet
    u ua ui uc um un ung up ut uu uy
    uo uoc uoi uom uon uong uop uot uou
    uan uang uat uay ue uen uenh uech uet uya uych uyn uynh uyp uyt uyu uyen uyet
    """.split()
)
_FRONT_VOWELS = ("e", "i", "y")

# Vietnamese words that are correct without any mark, and common in comments. A fully unaccented
# text made only of these ("Cho em xin tin") is indistinguishable from correct Vietnamese.
_PLAIN_WORDS = frozenset(
    """
    a ai an anh ao ba bao bay bi binh ca canh cao cay chanh chinh cho chung con danh dao do doanh duy
    em gai gia giai gian giang giao hai hay hoa hoan hoang hung huy in kem khi khoa khoan khu kinh lan
    lao linh lo loa loan mai mau may mua nay ngay nhanh nhau oan phi phong qua quan quang quanh quy ra
    sai sang sao sau say sinh ta tao tay thanh thao thay theo tin trai tranh trao trong tuy vinh vui xa
    xanh xin xinh
    """.split()
)

# Chat abbreviations used by readers whether or not their keyboard types marks.
_TEEN_CODE = frozenset(
    "k ko kg khg hok hk dc dk j ns bn mn mk mik ntn cx r vs ak uk oke oki hix lm bh nx ng nc trc ad tks ck vk "
    "ny sn".split()
)

# Common English words, enough to tell an English comment from unaccented Vietnamese.
_ENGLISH_WORDS = frozenset(
    """
    a about above after again against agree all also always am amazing an and any anyone are article
    as at author bad be because been before being best better big but by can can't comment could
    country day did disagree do does doing done don't down each english even every everyone family
    first food for friend friends from get give go going good got great had happy has have he hello
    help her here hi him his hope how i i'm if important in information interesting into is issue it
    it's its just keep know last let like little live long look love made make man many may maybe
    me might more most much must my need never new news nice no not nothing now of off ok okay old on
    once one only or other our out over own people photo photos place please point post problem
    province question read reading really report right said same say says see share sharing she
    should since so some someone something sorry still story such sure team than thank thanks that
    the their them then there these they thing things think this those through time to today too
    totally true two under until up us useful very video visit visited want was way we well went
    were what when where which while who why will wish with without woman work world would write
    writer wrong year years yes yet you your
    """.split()
)


def _is_syllable(word):
    """Whether an ASCII lower-case word is spelled like a Vietnamese syllable without its marks."""
    for onset in _ONSETS:
        if not word.startswith(onset):
            continue
        rhyme = word[len(onset) :]
        if rhyme not in _RHYMES:
            continue
        front = rhyme.startswith(_FRONT_VOWELS)
        if onset in ("k", "gh", "ngh") and not front:
            continue
        if onset in ("c", "ng") and front:
            continue
        if onset == "qu" and rhyme.startswith("u"):
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def _classify_plain(word):
    """Class of a lower-case word without marks: plain, stripped, teen, english, ambiguous or other."""
    if "'" in word or "’" in word:
        return "english" if word.replace("’", "'") in _ENGLISH_WORDS else "other"
    if word in _TEEN_CODE:
        return "teen"
    syllable = _is_syllable(word)
    english = word in _ENGLISH_WORDS
    if syllable and english:
        return "ambiguous"
    if english:
        return "english"
    if syllable:
        return "plain" if word in _PLAIN_WORDS else "stripped"
    return "other"


def _has_marks(word):
    if "đ" in word or "Đ" in word:
        return True
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", word))


def _is_title(word):
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _words(text):
    """Words of the text with a flag telling whether each one starts a sentence."""
    text = _EMAIL.sub(" ", _URL.sub(" ", normalize(text or "")))
    words = []
    for sentence in _SENTENCE_END.split(text):
        tokens = [t for t in _TOKEN.findall(sentence) if not any(ch.isdigit() for ch in t)]
        words.extend((token, i == 0) for i, token in enumerate(tokens))
    return words


@dataclass(frozen=True)
class Analysis:
    """Word counts behind a decision, so that a moderator or a test can see why."""

    accented: int = 0
    plain: int = 0
    stripped: int = 0
    teen: int = 0
    english: int = 0
    ambiguous: int = 0
    other: int = 0
    names: int = 0

    @property
    def vietnamese(self):
        """Words that look Vietnamese, ambiguous ones included when Vietnamese dominates."""
        core = self.accented + self.plain + self.stripped + self.teen
        return core + (self.ambiguous if core > self.english else 0)

    @property
    def total(self):
        return self.accented + self.plain + self.stripped + self.teen + self.english + self.ambiguous + self.other

    @property
    def accented_share(self):
        """Accented words among those that should carry marks; None when there are none."""
        judged = self.accented + self.stripped
        return self.accented / judged if judged else None

    @property
    def lacks_diacritics(self):
        share = self.accented_share
        return (
            self.vietnamese >= MIN_VIETNAMESE_WORDS
            and self.stripped >= MIN_STRIPPED_WORDS
            and share is not None
            and share < MAX_ACCENTED_SHARE
            and self.vietnamese >= MIN_VIETNAMESE_SHARE * self.total
        )


def analyse(text):
    """Count the classes of words in ``text`` (see the module docstring)."""
    words = _words(text)
    title_case_text = len(words) >= 6 and sum(_is_title(w) for w, _ in words) >= 0.8 * len(words)
    counts = dict.fromkeys(("accented", "plain", "stripped", "teen", "english", "ambiguous", "other", "names"), 0)
    for word, starts_sentence in words:
        if _has_marks(word):
            counts["accented"] += 1
        elif _is_title(word) and not starts_sentence and not title_case_text:
            counts["names"] += 1
        else:
            counts[_classify_plain(fold(word))] += 1
    return Analysis(**counts)


def diacritic_ratio(text):
    """Share of words that should carry marks and do (0.0-1.0), or None when there is nothing to judge."""
    return analyse(text).accented_share


def lacks_diacritics(text):
    """True when ``text`` is Vietnamese typed without diacritics ("vui long go tieng viet co dau")."""
    return analyse(text).lacks_diacritics
