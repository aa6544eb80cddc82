"""DEMO DATA: royalties for the demo newsroom. January 2013 (the seed story's month, with "Minh Huệ" and "Tuấn Hiển")
and last month graded and closed; this month partly graded, the rest waiting on the grading page.

The demo's reporters get staff accounts that cannot log in (no password), so that statements tell staff from
collaborators (cộng tác viên: authors without a staff account, like "Trần Tuấn"). Once January 2013 is closed,
running the demo again changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Author
from core.text import vn_slugify
from royalties import money
from royalties.models import Genre, Grade, Month, UnitValue, Work, authors_by_credit_name

SEED_MONTH = date(2013, 1, 1)
SEED_SLUG = "don-bay-nang-suc-manh-he-thong-chinh-tri"
UNIT_2013 = (date(2012, 5, 1), 105_000, "10 % mức lương cơ sở 1.050.000 đ (Nghị định 31/2012/NĐ-CP)")
# (genre, coefficient) the demo grader gives, in turn; the seed story is a long overview ("Bài viết, tường thuật").
STORY_GRADES = [
    ("Tin", "4"),
    ("Bài viết, tường thuật", "12"),
    ("Tin", "6.5"),
    ("Phóng sự, ký sự", "22"),
    ("Phỏng vấn", "18"),
    ("Bình luận, chuyên luận", "15"),
]
PHOTO_GRADE = ("Ảnh", "3")


COLLABORATOR_MARK = "Cộng tác viên"


def _staff_accounts():
    """Accounts without a usable password for the demo's staff reporters, so they count as staff."""
    User = get_user_model()
    for author in Author.objects.filter(user__isnull=True).exclude(bio__startswith=COLLABORATOR_MARK):
        user = User(username=f"pv-{vn_slugify(author.pen_name, 140)}", is_staff=True)
        user.set_unusable_password()
        user.save()
        author.user = user
        author.save(update_fields=["user"])


def _grades(works, genres, authors_by_name, every=1):
    grades = []
    for index, work in enumerate(works):
        if index % every:
            continue
        if work.article.slug == SEED_SLUG:
            name, coefficient = "Bài viết, tường thuật", "16"
        else:
            name, coefficient = PHOTO_GRADE if work.kind == Work.Kind.PHOTO else STORY_GRADES[index % len(STORY_GRADES)]
        shares = work.default_shares(authors_by_name)
        if shares:
            note = "Bài chất lượng, đề nghị thưởng thêm" if Decimal(coefficient) >= 18 else ""
            grades.append(Grade(work, genres[name], coefficient, shares, note))
    return grades


def _grade_month(month, authors_by_name, genres, every=1):
    Work.objects.sync_month(month)
    works = list(Work.objects.in_month(month).ungraded().for_grading())
    return Work.objects.grade(None, _grades(works, genres, authors_by_name, every))


def ensure_demo_royalties(now=None):
    """Grade and close the demo months once; returns {"graded": n, "closed": [months]} (empty when already done)."""
    if Month.objects.filter(month=SEED_MONTH, closed_at__isnull=False).exists():
        return {}
    now = now or timezone.now()
    this_month = money.month_start(now)
    last_month = money.month_start(this_month - timedelta(days=1))
    genres = {genre.name: genre for genre in Genre.objects.all()}
    authors_by_name = authors_by_credit_name(Author.objects.all())
    graded, closed = 0, []
    with transaction.atomic():
        _staff_accounts()
        valid_from, amount, note = UNIT_2013
        UnitValue.objects.get_or_create(valid_from=valid_from, defaults={"amount": amount, "note": note})
        for month in (SEED_MONTH, last_month):
            graded += _grade_month(month, authors_by_name, genres)
            state = Month.state(month)
            if not state.is_closed:
                state.close(None)
                closed.append(month)
        graded += _grade_month(this_month, authors_by_name, genres, every=2)
    return {"graded": graded, "closed": closed}
