from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Author
from royalties import money, statements
from royalties.models import Month, Work

pytestmark = pytest.mark.django_db


def test_demo_grades_and_closes_the_seed_month_and_partly_grades_this_month(time_machine):
    time_machine.move_to(datetime(2026, 12, 20, 10, 0, tzinfo=money.ZoneInfo("Asia/Ho_Chi_Minh")))
    call_command("demo_newsroom", stories=40, stdout=StringIO())
    out = StringIO()
    call_command("demo_royalties", stdout=out)
    assert "01/2013" in out.getvalue()

    january = statements.for_month(date(2013, 1, 1))
    assert january.state.is_closed and january.unit_value == 105_000
    totals = {s.author.pen_name: s.total for s in january.statements()}
    # The seed story: "Bài viết, tường thuật" 16 × 105,000 = 1,680,000, shared equally.
    seed = [line for line in january.lines if line.work.article.slug == "don-bay-nang-suc-manh-he-thong-chinh-tri"]
    text = [(line.author.pen_name, line.amount) for line in seed if line.work.kind == Work.Kind.STORY]
    assert text == [("Minh Huệ", 840_000), ("Tuấn Hiển", 840_000)]
    # The seed photo (credited "Minh Huệ" in the library) is graded for its photographer alone.
    assert [line.author.pen_name for line in seed if line.work.kind == Work.Kind.PHOTO] == ["Minh Huệ"]
    kinds = {s.author.pen_name: s.is_collaborator for s in january.statements()}
    assert kinds["Minh Huệ"] is False and kinds["Tuấn Hiển"] is False
    assert Author.objects.get(pen_name="Trần Tuấn").user is None  # the demo's collaborator
    assert not Author.objects.get(pen_name="Minh Huệ").user.has_usable_password()
    assert totals["Minh Huệ"] >= 840_000 and totals["Tuấn Hiển"] >= 840_000
    assert not Work.objects.in_month(date(2013, 1, 1)).ungraded().exists()

    assert Month.state(date(2026, 11, 1)).is_closed
    this_month = Work.objects.in_month(date(2026, 12, 1))
    assert this_month.graded().exists() and this_month.ungraded().exists()
    assert not Month.state(date(2026, 12, 1)).is_closed

    again = StringIO()
    call_command("demo_royalties", stdout=again)
    assert "nothing changed" in again.getvalue() or "không thay đổi" in again.getvalue()
