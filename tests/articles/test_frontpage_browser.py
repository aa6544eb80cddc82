"""An editor arranges the home page in a real browser: fills the lead slot, schedules a placement, drags a story."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import FrontPlacement
from tests.factories import ArticleFactory, SectionFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARRANGE = "/quan-tri/articles/frontplacement/trang-chu/"


@pytest.fixture
def editor_page(browser, browser_server):
    # A transactional test empties the tables the migrations filled: the editors' group comes back here.
    group, _created = Group.objects.get_or_create(name="Biên tập viên")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "arrange_frontpage",
                "view_frontplacement",
                "add_frontplacement",
                "change_frontplacement",
                "delete_frontplacement",
                "view_article",
                "review_article",  # an editor's story box finds every story, not only their own
            ]
        )
    )
    StaffFactory(username="bientap", group="Biên tập viên")
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + "/quan-tri/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mat-khau-toa-soan")
    page.click("input[type=submit]")
    return page, browser_server.url


def lead_of(browser, url):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(url + "/")
    text = page.locator("section.featured").inner_text() if page.locator("section.featured").count() else ""
    page.context.close()
    return text


def choose_by_search(page, typed, headline):
    """The story box is the admin's autocomplete (select2): type part of a headline, pick the story found."""
    page.locator("#id_article + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=headline).click()


def test_an_editor_fills_the_lead_slot_schedules_a_placement_and_drags_a_story(editor_page, browser):
    page, url = editor_page
    section = SectionFactory(name="Thời sự")
    now = timezone.now()
    ArticleFactory(
        section=section,
        headline="Tin tự động nổi bật",
        is_featured=True,
        published_at=now - datetime.timedelta(hours=1),
    )
    chosen = ArticleFactory(
        section=section, headline="Tin biên tập viên chọn", published_at=now - datetime.timedelta(days=3)
    )
    later = ArticleFactory(section=section, headline="Tin đặt hẹn giờ", published_at=now - datetime.timedelta(days=4))
    dragged = ArticleFactory(section=section, headline="Tin kéo thả", published_at=now - datetime.timedelta(days=5))
    evening = ArticleFactory(section=section, headline="Tin buổi tối", published_at=now - datetime.timedelta(days=6))
    assert "Tin tự động nổi bật" in lead_of(browser, url)

    page.goto(url + ARRANGE)
    page.select_option("#id_slot", "lead")
    choose_by_search(page, "bien tap vien chon", "Tin biên tập viên chọn")  # no marks typed: still found
    page.click("#placement-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Đã đặt bài.")
    assert "Tin biên tập viên chọn" in lead_of(browser, url)
    assert FrontPlacement.objects.get(slot="lead").article == chosen

    # A placement that starts tomorrow: listed as scheduled, not shown yet.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.select_option("#id_slot", "row-1")
    choose_by_search(page, "hẹn giờ", "Tin đặt hẹn giờ")
    page.fill("#id_starts_at", tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.click("#placement-form input[type=submit]")
    row = page.locator('tr[data-slot="row-1"]')
    expect(row).to_contain_text("Tin đặt hẹn giờ")  # once the page is back from the post
    assert "hẹn giờ" in row.inner_text()
    placement = FrontPlacement.objects.get(article=later)
    assert placement.starts_at > timezone.now() + datetime.timedelta(hours=23)
    assert "Tin đặt hẹn giờ" not in lead_of(browser, url)

    # Drag and drop: a story onto a section block's slot is placed there from now.
    page.locator(f'.front-candidate[data-article="{dragged.pk}"]').drag_to(
        page.locator(f'tr[data-slot="section-{section.pk}"]')
    )
    # The page comes back after the drop (the message of the placement before is on the page already: wait for the row).
    expect(page.locator(f'tr[data-slot="section-{section.pk}"]')).to_contain_text("Tin kéo thả")
    assert FrontPlacement.objects.filter(article=dragged, slot=f"section-{section.pk}").exists()

    # A drop carries the form's start and end: this one waits for tomorrow evening and leaves the next morning.
    day = timezone.localtime() + datetime.timedelta(days=1)
    page.fill("#id_starts_at", day.strftime("%Y-%m-%dT18:00"))
    page.fill("#id_ends_at", (day + datetime.timedelta(days=1)).strftime("%Y-%m-%dT06:00"))
    page.locator(f'.front-candidate[data-article="{evening.pk}"]').drag_to(page.locator('tr[data-slot="row-2"]'))
    expect(page.locator('tr[data-slot="row-2"]')).to_contain_text("Tin buổi tối")
    scheduled = FrontPlacement.objects.get(article=evening, slot="row-2")
    starts, ends = timezone.localtime(scheduled.starts_at), timezone.localtime(scheduled.ends_at)
    assert (starts.date(), starts.hour, ends.date(), ends.hour) == (
        day.date(),
        18,
        (day + datetime.timedelta(days=1)).date(),
        6,
    )
