"""The home page's slots: editors' placements first, the automatic order for the rest, never a story twice."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import frontpage
from articles.demo.build import build
from articles.models import Article, FrontPlacement, FrontPlacementLog
from tests.factories import ArticleFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2030, 3, 2, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Hà Tĩnh
ARRANGE_URL = "/quan-tri/articles/frontplacement/trang-chu/"


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def place(slot, story, **times):
    placement = FrontPlacement(slot=slot, article=story, **times)
    placement.place(None)
    return placement


def home_text(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def stories():
    section = SectionFactory(name="Thời sự")
    featured = ArticleFactory(section=section, headline="Tin nổi bật tự động", is_featured=True, published_at=ago(5))
    others = [ArticleFactory(section=section, headline=f"Tin thường {n}", published_at=ago(n + 1)) for n in range(4)]
    old = ArticleFactory(section=section, headline="Tin cũ được chọn", published_at=ago(100))
    return {"section": section, "featured": featured, "others": others, "old": old}


def test_empty_slots_fall_back_to_the_automatic_order(client, stories):
    shown = frontpage.home_stories([stories["section"]])
    assert shown["featured"] == stories["featured"]
    assert shown["latest"][0] == stories["others"][0]
    assert "Tin nổi bật tự động" in home_text(client)


def test_a_placed_lead_replaces_the_automatic_one_and_appears_once(client, stories):
    place(frontpage.LEAD, stories["old"])
    shown = frontpage.home_stories([stories["section"]])
    assert shown["featured"] == stories["old"]
    every = [shown["featured"], *shown["latest"]] + [s for _sec, block in shown["section_blocks"] for s in block]
    assert every.count(stories["old"]) == 1
    html = home_text(client)
    assert "Tin cũ được chọn" in html.split('id="featured-title"')[1].split("</section>")[0]


def test_no_story_twice_when_one_story_is_placed_in_two_slots(stories):
    place(frontpage.LEAD, stories["old"])
    place(f"{frontpage.ROW_PREFIX}1", stories["old"])
    place(f"{frontpage.SECTION_PREFIX}{stories['section'].pk}", stories["others"][3])
    shown = frontpage.home_stories([stories["section"]])
    latest_and_lead = [shown["featured"], *shown["latest"]]
    assert len(latest_and_lead) == len(set(latest_and_lead))
    assert latest_and_lead.count(stories["old"]) == 1
    block = shown["section_blocks"][0][1]
    assert block[0] == stories["others"][3]
    assert stories["others"][3] not in shown["latest"]
    assert len(block) == len(set(block))


def test_a_row_placement_takes_its_position(stories):
    place(f"{frontpage.ROW_PREFIX}2", stories["old"])
    latest = frontpage.home_stories([stories["section"]])["latest"]
    assert latest[1] == stories["old"]
    assert latest[0] == stories["others"][0]


def test_an_expired_placement_falls_back(stories):
    with time_machine.travel(NOON, tick=False):
        place(frontpage.LEAD, stories["old"], starts_at=NOON, ends_at=NOON + datetime.timedelta(hours=2))
        assert frontpage.home_stories([stories["section"]])["featured"] == stories["old"]
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        assert frontpage.home_stories([stories["section"]])["featured"] == stories["featured"]


def test_the_latest_start_wins_and_a_placement_can_wait_for_its_start(stories):
    with time_machine.travel(NOON, tick=False):
        place(frontpage.LEAD, stories["others"][2], starts_at=NOON - datetime.timedelta(hours=1))
        place(frontpage.LEAD, stories["old"], starts_at=NOON + datetime.timedelta(minutes=30))
        assert frontpage.home_stories([stories["section"]])["featured"] == stories["others"][2]
    with time_machine.travel(NOON + datetime.timedelta(minutes=30), tick=False):
        assert frontpage.home_stories([stories["section"]])["featured"] == stories["old"]


def test_an_unpublished_story_in_a_slot_shows_the_fallback(stories):
    place(frontpage.LEAD, stories["old"])
    Article.objects.filter(pk=stories["old"].pk).update(status=Article.Status.DRAFT)
    assert frontpage.home_stories([stories["section"]])["featured"] == stories["featured"]


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_scheduled_story_placed_ahead_appears_at_its_minute_through_the_page_cache(client, stories):
    with time_machine.travel(NOON, tick=False):
        scheduled = ArticleFactory(
            section=stories["section"],
            headline="Tin hẹn giờ lên trang",
            published_at=NOON + datetime.timedelta(minutes=10),
        )
        place(frontpage.LEAD, scheduled)
        assert "Tin hẹn giờ lên trang" not in home_text(client)
        assert "Tin nổi bật tự động" in home_text(client)  # served from the page cache now
    with time_machine.travel(NOON + datetime.timedelta(minutes=10), tick=False):
        assert "Tin hẹn giờ lên trang" in home_text(client)


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_placement_starting_later_appears_at_its_minute_and_leaves_at_its_end(client, stories):
    with time_machine.travel(NOON, tick=False):
        place(
            frontpage.LEAD,
            stories["old"],
            starts_at=NOON + datetime.timedelta(minutes=5),
            ends_at=NOON + datetime.timedelta(minutes=20),
        )
        lead = home_text(client).split('id="featured-title"')[1].split("</section>")[0]
        assert "Tin cũ được chọn" not in lead
    with time_machine.travel(NOON + datetime.timedelta(minutes=5), tick=False):
        assert "Tin cũ được chọn" in home_text(client).split('id="featured-title"')[1].split("</section>")[0]
    with time_machine.travel(NOON + datetime.timedelta(minutes=20), tick=False):
        assert "Tin cũ được chọn" not in home_text(client).split('id="featured-title"')[1].split("</section>")[0]


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_placement_shows_at_once_on_the_cached_page_and_its_removal_too(client, stories):
    home_text(client)
    placement = place(frontpage.LEAD, stories["old"])
    assert "Tin cũ được chọn" in home_text(client).split('id="featured-title"')[1].split("</section>")[0]
    placement.withdraw(None)
    assert "Tin cũ được chọn" not in home_text(client).split('id="featured-title"')[1].split("</section>")[0]


# The arrangement page ------------------------------------------------------------------------------------------------


def test_an_editor_places_a_story_from_the_arrangement_page_and_it_is_logged(client, stories):
    editor = StaffFactory(group="Biên tập viên")
    client.force_login(editor)
    assert client.get(ARRANGE_URL).status_code == 200
    starts = timezone.localtime() + datetime.timedelta(hours=1)
    response = client.post(
        ARRANGE_URL,
        {"slot": frontpage.LEAD, "article": stories["old"].pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    placement = FrontPlacement.objects.get()
    assert placement.placed_by == editor and placement.starts_at > timezone.now()
    entry = FrontPlacementLog.objects.get()
    assert (entry.user, entry.action, entry.slot, entry.headline) == (
        editor,
        FrontPlacementLog.Action.PLACED,
        "lead",
        "Tin cũ được chọn",
    )
    page = client.get(ARRANGE_URL).content.decode()
    assert "Tin cũ được chọn" in page
    client.post(ARRANGE_URL, {"remove": placement.pk})
    assert not FrontPlacement.objects.exists()
    assert FrontPlacementLog.objects.filter(action=FrontPlacementLog.Action.REMOVED, user=editor).exists()


def test_bad_input_on_the_arrangement_page_is_refused_in_vietnamese(client, stories):
    client.force_login(StaffFactory(group="Biên tập viên"))
    other = SectionFactory(name="Thể thao")
    response = client.post(
        ARRANGE_URL,
        {
            "slot": f"{frontpage.SECTION_PREFIX}{other.pk}",
            "article": stories["old"].pk,
            "starts_at": "2030-03-02T10:00",
            "ends_at": "2030-03-02T09:00",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in text
    assert "Bài này không thuộc chuyên mục của vị trí này." in text
    assert client.post(ARRANGE_URL, {"slot": "nowhere", "article": "x"}).status_code == 200
    assert client.post(ARRANGE_URL, {"remove": "abc"}).status_code == 404
    assert not FrontPlacement.objects.exists()


def test_a_draft_cannot_be_placed(client, stories):
    client.force_login(StaffFactory(group="Biên tập viên"))
    draft = ArticleFactory(section=stories["section"], status=Article.Status.DRAFT, published_at=None)
    response = client.post(ARRANGE_URL, {"slot": frontpage.LEAD, "article": draft.pk})
    assert response.status_code == 200
    assert not FrontPlacement.objects.exists()


def test_reporters_may_not_arrange_the_front_page(client, stories):
    client.force_login(StaffFactory(group="Phóng viên"))
    assert client.get(ARRANGE_URL).status_code == 403
    assert client.post(ARRANGE_URL, {"slot": frontpage.LEAD, "article": stories["old"].pk}).status_code == 403
    assert not FrontPlacement.objects.exists()
    assert User.objects.get(username__startswith="nhanvien").has_perm("articles.arrange_frontpage") is False


def test_the_demo_home_page_has_arranged_slots(client):
    build(stories=30)
    placements = list(FrontPlacement.objects.select_related("article"))
    assert {p.slot.split("-")[0] for p in placements} == {"row", "section"}
    html = home_text(client)
    assert all(p.article.headline in html for p in placements)
    build(stories=30)
    assert FrontPlacement.objects.count() == len(placements)


def test_the_story_box_searches_every_placeable_story_and_works_without_javascript(client, stories, monkeypatch):
    monkeypatch.setattr("articles.frontpage_admin.CANDIDATES", 3)  # the plain list offers the 3 newest stories
    ArticleFactory(
        section=stories["section"], headline="Bản nháp về cũ", status=Article.Status.DRAFT, published_at=None
    )
    client.force_login(StaffFactory(group="Biên tập viên"))
    page = client.get(ARRANGE_URL).content.decode()
    box = page[page.index('<select name="article"') : page.index("</select>", page.index('<select name="article"'))]
    # With JavaScript: the admin's autocomplete over every story that may be placed.
    assert 'class="admin-autocomplete' in box and 'data-model-name="frontplacement"' in box
    assert 'data-ajax--url="/quan-tri/autocomplete/"' in box
    # Without it: a plain list of the newest stories.
    assert ">Tin thường 0<" in box and ">Tin thường 2<" in box and "Tin cũ được chọn" not in box

    answer = client.get(
        "/quan-tri/autocomplete/",
        {"term": "tin cu", "app_label": "articles", "model_name": "frontplacement", "field_name": "article"},
    ).json()
    assert [row["text"] for row in answer["results"]] == ["Tin cũ được chọn"]  # marks folded, the draft left out
    draft_search = client.get(
        "/quan-tri/autocomplete/",
        {"term": "ban nhap", "app_label": "articles", "model_name": "frontplacement", "field_name": "article"},
    ).json()
    assert draft_search["results"] == []

    # A story found by searching is placed, and after an error it is still the one chosen.
    refused = client.post(
        ARRANGE_URL,
        {
            "slot": frontpage.LEAD,
            "article": stories["old"].pk,
            "starts_at": "2030-03-02T10:00",
            "ends_at": "2030-03-02T09:00",
        },
    ).content.decode()
    assert f'<option value="{stories["old"].pk}" selected>Tin cũ được chọn</option>' in refused
    assert 'value="2030-03-02T10:00"' in refused
    assert client.post(ARRANGE_URL, {"slot": frontpage.LEAD, "article": stories["old"].pk}).status_code == 302
    assert FrontPlacement.objects.get().article == stories["old"]


def test_the_drop_carries_the_forms_start_and_end(client, stories):
    """What the drag-and-drop script sends: the slot and story it dropped, with the start and end in the form."""
    client.force_login(StaffFactory(group="Biên tập viên"))
    page = client.get(ARRANGE_URL).content.decode()
    assert "từ thời điểm bắt đầu đến thời điểm kết thúc ghi ở biểu mẫu bên trên" in page
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    answer = client.post(
        ARRANGE_URL,
        {
            "slot": "row-1",
            "article": stories["old"].pk,
            "starts_at": f"{tomorrow}T07:00",
            "ends_at": f"{tomorrow}T19:00",
        },
    )
    assert answer.status_code == 302
    placement = FrontPlacement.objects.get()
    local = timezone.localtime
    assert (local(placement.starts_at).hour, local(placement.ends_at).hour) == (7, 19)


def test_the_arrangement_page_costs_the_same_queries_however_many_placements(client, stories):
    """The page editors keep open all day: its queries do not grow with the placements, their stories or the log."""
    client.force_login(StaffFactory(group="Biên tập viên"))
    slots = [frontpage.LEAD, *(f"{frontpage.ROW_PREFIX}{n}" for n in range(1, frontpage.ROW_SIZE + 1))]

    def fill(numbers):
        for number in numbers:
            story = ArticleFactory(section=stories["section"], headline=f"Tin xếp chỗ {number}", published_at=ago(10))
            place(slots[number % len(slots)], story, starts_at=ago(1) + datetime.timedelta(hours=number))

    def queries():
        client.get(ARRANGE_URL)  # the session, as for an editor who has the page open
        with CaptureQueriesContext(connection) as counted:
            page = client.get(ARRANGE_URL)
        assert page.status_code == 200
        return len(counted), page.content.decode()

    fill(range(2))
    few, page = queries()
    assert "Tin xếp chỗ 1" in page
    fill(range(2, 14))
    many, page = queries()
    assert "Tin xếp chỗ 13" in page
    assert many == few <= 16, (few, many)
