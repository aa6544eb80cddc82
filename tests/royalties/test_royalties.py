"""Royalties: grading within the frames, splits that add up, statements, closing a month, exports."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from royalties import money
from royalties.models import Genre, Grade, GradeLog, Month, MonthClosed, UnitValue, Work
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = date(2026, 11, 1)
GRADE_URL = reverse("royalties:grade")
STATEMENTS_URL = reverse("royalties:statements")


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 9, 0, tzinfo=HCM))


@pytest.fixture
def leader(client):
    user = StaffFactory(username="tongbientap", group="Lãnh đạo tòa soạn")
    client.force_login(user)
    return user


def story(headline, authors, day=10, section=None, committed=True, **fields):
    """A story published in November, saved and committed as the admin does it (its works made on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=committed):
        return ArticleFactory(
            headline=headline,
            authors=authors,
            section=section or SectionFactory(name="Xây dựng Đảng", slug="xay-dung-dang"),
            published_at=datetime(2026, 11, day, 8, 0, tzinfo=HCM),
            **fields,
        )


def form_data(work, genre, coefficient, shares, note="", month="2026-11"):
    data = {"thang": month, "works": [str(work.pk)], f"w{work.pk}-genre": str(genre.pk)}
    data[f"w{work.pk}-coefficient"] = str(coefficient)
    data[f"w{work.pk}-note"] = note
    for index, (author, percent) in enumerate(shares):
        data[f"w{work.pk}-author_{index}"] = str(author.pk)
        data[f"w{work.pk}-percent_{index}"] = str(percent)
    return data


def synced():
    Work.objects.sync_month(NOVEMBER)
    return {work.article.headline: work for work in Work.objects.filter(kind=Work.Kind.STORY).select_related("article")}


def test_a_story_published_is_on_the_grading_page_and_the_page_only_reads(client, leader):
    photo = PhotoFactory(credit="Ảnh: Thu Hà")
    body = f'<figure class="body-image-{photo.pk}"></figure>'
    published = story("Khánh thành cầu Cửa Hội", [AuthorFactory(pen_name="Thu Hà")], body=body)
    # The story and the credited photo in its body (its use is saved after the story, in the same transaction).
    works = Work.objects.filter(article=published).order_by("kind")
    assert [(work.kind, work.credit) for work in works] == [("photo", "Thu Hà"), ("story", "")]
    # A story whose works were never made (imported, or published before royalties existed) is not created by a visit.
    story("Tin cũ nhập từ hệ thống trước", [AuthorFactory()], committed=False)
    page = client.get(GRADE_URL, {"thang": "2026-11"}).content.decode()
    assert "Khánh thành cầu Cửa Hội" in page
    assert "Tin cũ nhập từ hệ thống trước" not in page
    assert Work.objects.count() == 2
    call_command("sync_royalty_works", stdout=io.StringIO())
    assert "Tin cũ nhập từ hệ thống trước" in client.get(GRADE_URL, {"thang": "2026-11"}).content.decode()


def test_three_way_split_sums_exactly_to_the_work_by_largest_remainder():
    total = money.work_amount(Decimal("1.5"), 234_000)
    assert total == 351_000
    parts = money.split(total, money.equal_percents(3))
    assert money.equal_percents(3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    # 117,023.4 + 116,988.3 + 116,988.3: the left-over đồng goes to the largest remainder, the first.
    assert parts == [117_024, 116_988, 116_988]
    assert sum(parts) == total
    assert money.split(100, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == [33, 33, 34]
    assert money.split(1_000_001, [50, 50]) == [500_001, 500_000]
    assert money.dong(1_234_000) == "1.234.000 đ"


def test_a_month_graded_split_closed_and_exported(client, leader):
    hue, hien = AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")
    story('"Đòn bẩy" nâng sức mạnh hệ thống chính trị', [hue, hien])
    story("Tin ngắn về Thạch Hà", [hien], day=20, section=SectionFactory(name="Thời sự", slug="thoi-su"))
    UnitValue.objects.create(valid_from=date(2026, 1, 1), amount=234_000)
    works = synced()
    page = client.get(GRADE_URL, {"thang": "2026-11"})
    assert page.status_code == 200
    feature, news = works['"Đòn bẩy" nâng sức mạnh hệ thống chính trị'], works["Tin ngắn về Thạch Hà"]
    # Default split: the byline in equal parts.
    assert f'name="w{feature.pk}-percent_0" value="50"' in page.content.decode()

    reportage, item = Genre.objects.get(name="Phóng sự, ký sự"), Genre.objects.get(name="Tin")
    # Typed the Vietnamese way: a decimal comma.
    data = form_data(feature, reportage, "12,5", [(hue, "60,0"), (hien, 40)], note="Bài đinh số Tết")
    more = form_data(news, item, 3, [(hien, 100)])
    data["works"] += more.pop("works")
    data.update(more)
    response = client.post(GRADE_URL, data)
    assert response.status_code == 302
    feature.refresh_from_db()
    assert (feature.genre, feature.coefficient, feature.graded_by) == (reportage, Decimal("12.5"), leader)
    assert [(s.author.pen_name, s.percent) for s in feature.shares.all()] == [("Minh Huệ", 60), ("Tuấn Hiển", 40)]
    graded = client.get(GRADE_URL, {"thang": "2026-11", "da-cham": "1"}).content.decode()
    assert f'name="w{feature.pk}-coefficient" value="12,50"' in graded

    # 12.5 × 234,000 = 2,925,000: 1,755,000 and 1,170,000; the news item 3 × 234,000 = 702,000 to Tuấn Hiển.
    statement = client.get(STATEMENTS_URL, {"thang": "2026-11", "tac-gia": hue.pk}).content.decode()
    assert "2.925.000 đ" in statement and "1.755.000 đ" in statement
    overview = client.get(STATEMENTS_URL, {"thang": "2026-11"}).content.decode()
    assert "1.872.000 đ" in overview  # Tuấn Hiển: 1,170,000 + 702,000
    assert "3.627.000 đ" in overview  # the newsroom
    assert "Thời sự" in overview and "702.000 đ" in overview

    assert client.post(reverse("royalties:close"), {"thang": "2026-11"}).status_code == 302
    month = Month.objects.get(month=NOVEMBER)
    assert month.is_closed and month.unit_value == 234_000
    # A later change of the unit value does not touch a closed month.
    UnitValue.objects.create(valid_from=date(2026, 11, 1), amount=250_000)
    assert "3.627.000 đ" in client.get(STATEMENTS_URL, {"thang": "2026-11"}).content.decode()

    xlsx = client.get(reverse("royalties:export_xlsx"), {"thang": "2026-11"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="nhuan-but-2026-11.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content))
    lines = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert sum(row[10] for row in lines[:-1]) == lines[-1][10] == 3_627_000
    assert sorted((row[0], row[10]) for row in lines[:-1]) == [
        ("Minh Huệ", 1_755_000),
        ("Tuấn Hiển", 702_000),
        ("Tuấn Hiển", 1_170_000),
    ]
    by_author = {row[0]: row[3] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert by_author == {"Minh Huệ": 1_755_000, "Tuấn Hiển": 1_872_000, "Tổng cộng": 3_627_000}
    by_section = {row[0]: row[2] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert by_section == {"Thời sự": 702_000, "Xây dựng Đảng": 2_925_000, "Tổng cộng": 3_627_000}

    text = client.get(reverse("royalties:export_csv"), {"thang": "2026-11"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Tác giả"
    assert sum(int(row[10]) for row in rows[1:-1]) == int(rows[-1][10]) == 3_627_000


def test_a_coefficient_above_the_frame_is_refused_with_the_reason_and_kept(client, leader):
    author = AuthorFactory()
    work = synced_work(story("Tin về mưa lũ", [author]))
    data = form_data(work, Genre.objects.get(name="Tin"), "12", [(author, 100)])
    page = client.post(GRADE_URL, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tin được chấm tối đa 10; 12 vượt khung." in text
    assert f'name="w{work.pk}-coefficient" value="12"' in text
    work.refresh_from_db()
    assert work.graded_at is None


def synced_work(article):
    Work.objects.sync_month(NOVEMBER)
    return Work.objects.get(article=article, kind=Work.Kind.STORY)


def test_a_split_that_is_not_100_percent_is_refused(client, leader):
    one, two = AuthorFactory(), AuthorFactory()
    work = synced_work(story("Phỏng vấn Bí thư", [one, two]))
    page = client.post(GRADE_URL, form_data(work, Genre.objects.get(name="Phỏng vấn"), 20, [(one, 50), (two, 40)]))
    assert "cộng lại 90 %; phải đủ 100 %." in page.content.decode()
    assert not Work.objects.graded().exists()


def test_grades_are_logged_and_locked_once_the_month_is_closed(client, leader):
    author = AuthorFactory()
    UnitValue.objects.create(valid_from=date(2026, 1, 1), amount=234_000)
    work = synced_work(story("Bình luận về cải cách", [author]))
    commentary = Genre.objects.get(name="Bình luận, chuyên luận")
    client.post(GRADE_URL, form_data(work, commentary, 10, [(author, 100)]))
    client.post(GRADE_URL, form_data(work, commentary, 15, [(author, 100)], note="Nâng hệ số"))
    log = list(GradeLog.objects.filter(work=work).order_by("at", "id"))
    assert [entry.actor for entry in log] == [leader, leader]
    assert log[0].before is None and log[1].before["coefficient"] == "10" and log[1].after["coefficient"] == "15"

    Month.state(NOVEMBER).close(leader)
    response = client.post(GRADE_URL, form_data(work, commentary, 20, [(author, 100)]), follow=True)
    assert "Tháng này đã khóa" in response.content.decode()
    work.refresh_from_db()
    assert work.coefficient == 15
    with pytest.raises(MonthClosed):
        work.grade(leader, commentary, 5, [(author, Decimal(100))])
    with pytest.raises(MonthClosed):
        Month.state(NOVEMBER).close(leader)


def test_a_photo_is_graded_for_the_photographer_its_credit_names(client, leader):
    reporter, photographer = AuthorFactory(pen_name="Thu Hà"), AuthorFactory(pen_name="Anh Minh")
    article = story("Lễ hội cầu ngư", [reporter], cover=PhotoFactory(), cover_credit="Ảnh: Anh Minh")
    Work.objects.sync_month(NOVEMBER)
    photo = Work.objects.get(article=article, kind=Work.Kind.PHOTO)
    assert photo.label == "Ảnh bìa"
    page = client.get(GRADE_URL, {"thang": "2026-11"}).content.decode()
    assert f'<option value="{photographer.pk}" selected>Anh Minh</option>' in page
    client.post(GRADE_URL, form_data(photo, Genre.objects.get(name="Ảnh"), 4, [(photographer, 100)]))
    assert [share.author for share in Work.objects.get(pk=photo.pk).shares.all()] == [photographer]


def test_grading_page_filters_by_section_and_author(client, leader):
    hue, other = AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Hà Linh")
    story("Bài của Huệ", [hue])
    story("Bài thể thao", [other], section=SectionFactory(name="Thể thao", slug="the-thao"))
    by_author = client.get(GRADE_URL, {"thang": "2026-11", "tac-gia": hue.pk}).content.decode()
    assert "Bài của Huệ" in by_author and "Bài thể thao" not in by_author
    section = SectionFactory(name="Thể thao", slug="the-thao")
    by_section = client.get(GRADE_URL, {"thang": "2026-11", "chuyen-muc": section.pk}).content.decode()
    assert "Bài thể thao" in by_section and "Bài của Huệ" not in by_section


def test_secretaries_grade_but_only_leaders_close_and_reporters_see_nothing(client):
    secretary = StaffFactory(group="Thư ký tòa soạn")
    client.force_login(secretary)
    assert client.get(GRADE_URL).status_code == 200
    assert client.post(reverse("royalties:close"), {"thang": "2026-11"}).status_code == 403
    client.force_login(StaffFactory(group="Phóng viên"))
    for url in (GRADE_URL, STATEMENTS_URL, reverse("royalties:export_csv"), reverse("royalties:export_xlsx")):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"thang": "abc"},
        {"thang": "2026-13"},
        {"thang": "99999-1"},
        {"chuyen-muc": "x"},
        {"tac-gia": "99999999999999999999"},
        {"tac-gia": "-1", "da-cham": "yes"},
    ],
)
def test_bad_query_strings_are_ignored(client, leader, params):
    for url in (GRADE_URL, STATEMENTS_URL, reverse("royalties:export_csv"), reverse("royalties:export_xlsx")):
        assert client.get(url, params).status_code == 200


def test_bad_form_input_keeps_what_was_typed_and_never_fails(client, leader):
    author = AuthorFactory()
    work = synced_work(story("Tin về nông thôn mới", [author]))
    base = form_data(work, Genre.objects.get(name="Tin"), 5, [(author, 100)])
    for field, value in [
        ("coefficient", "năm"),
        ("coefficient", "1e400"),
        ("coefficient", "-3"),
        ("genre", "999999"),
        ("author_0", "abc"),
        ("author_0", "99999999"),
        ("percent_0", "trăm"),
        ("percent_0", ""),
    ]:
        page = client.post(GRADE_URL, {**base, f"w{work.pk}-{field}": value})
        assert page.status_code == 200, (field, value)
        assert "Không có gì được lưu" in page.content.decode()
    assert client.post(GRADE_URL, {"thang": "2026-11", "works": ["x", "999999999999"]}).status_code == 302
    assert client.post(reverse("royalties:close"), {"thang": "nonsense"}).status_code == 302
    work.refresh_from_db()
    assert work.graded_at is None


def test_closing_without_a_unit_value_is_refused_with_the_reason(client, leader):
    UnitValue.objects.all().delete()
    response = client.post(reverse("royalties:close"), {"thang": "2026-11"}, follow=True)
    assert "Đặt giá trị một đơn vị hệ số" in response.content.decode()
    assert not Month.objects.filter(closed_at__isnull=False).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_grading_page_query_budget(client, leader, django_assert_max_num_queries, count):
    section = SectionFactory(name="Thời sự", slug="thoi-su")
    authors = [AuthorFactory() for _ in range(3)]
    for index in range(count):
        story(f"Tin số {index}", authors[: index % 3 + 1], day=index % 28 + 1, section=section)
    # session, user, permissions (2), month, works, shares, bylines, genres, authors, sections, unit value; the admin
    # header's "Việc của tôi" counts (inbox: waiting, sent back)
    with django_assert_max_num_queries(14):
        page = client.get(GRADE_URL, {"thang": "2026-11"})
    assert page.content.decode().count('name="works"') == count


@pytest.mark.parametrize("count", [5, 50])
def test_statements_query_budget(client, leader, django_assert_max_num_queries, count):
    author = AuthorFactory()
    UnitValue.objects.create(valid_from=date(2026, 1, 1), amount=234_000)
    genre = Genre.objects.get(name="Tin")
    for index in range(count):
        story(f"Tin số {index}", [author], day=index % 28 + 1)
    Work.objects.sync_month(NOVEMBER)
    works = list(Work.objects.all())
    # Saving is set-based too: lock works and months, shares before, bulk update, delete and insert shares, log.
    with django_assert_max_num_queries(10):
        Work.objects.grade(leader, [Grade(work, genre, 2, [(author, 100)]) for work in works])
    # session, user, permissions, month, unit value, works, shares; the page's ungraded count; the header's count
    with django_assert_max_num_queries(11):
        page = client.get(STATEMENTS_URL, {"thang": "2026-11"})
    assert money.dong(count * 468_000) in page.content.decode()


def test_the_admin_index_leads_graders_to_grading_and_statements(client, leader):
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{GRADE_URL}"' in page and f'href="{STATEMENTS_URL}"' in page
    client.force_login(StaffFactory(group="Phóng viên"))
    assert GRADE_URL not in client.get(reverse("admin:index")).content.decode()


def test_a_unit_value_applies_from_the_first_of_its_month_and_a_second_one_for_it_is_a_form_error(client):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri"))
    url = reverse("admin:royalties_unitvalue_add")
    first = client.post(url, {"valid_from": "2026-11-15", "amount": "250000"})
    assert first.status_code == 302, first.context["adminform"].form.errors
    assert UnitValue.objects.for_month(NOVEMBER).amount == 250_000
    again = client.post(url, {"valid_from": "2026-11-20", "amount": "260000"})
    assert again.status_code == 200 and "đã tồn tại" in again.content.decode()
    assert UnitValue.objects.for_month(date(2026, 10, 1)).amount == 234_000  # the seeded 07/2024 value


def test_body_photos_with_a_credit_are_works_of_their_own(client, leader):
    photographer = AuthorFactory(pen_name="Anh Minh")
    credited, uncredited = PhotoFactory(credit="Ảnh: Anh Minh"), PhotoFactory(credit="")
    body = f'<figure class="body-image-{credited.pk}"></figure><figure class="body-image-{uncredited.pk}"></figure>'
    article = story("Mùa cam Khe Mây", [AuthorFactory()], body=body)
    Work.objects.sync_month(NOVEMBER)
    photos = Work.objects.filter(article=article, kind=Work.Kind.PHOTO)
    assert [(work.label, work.credit) for work in photos] == [("Ảnh trong bài 1", "Anh Minh")]
    by_name = {"anh minh": photographer}
    assert photos[0].default_shares(by_name) == [(photographer, Decimal(100))]
    Work.objects.sync_month(NOVEMBER)  # a second visit adds nothing
    assert Work.objects.filter(article=article).count() == 2
