"""Who is editing, in a real browser with two logged-in editors: the note comes with the page and follows them."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR_PERMISSIONS = ["view_article", "change_article", "review_article", "publish_article", "view_section"]


def editor_named(username, first_name):
    # A transactional test empties the groups the migrations made: the editor's permissions are given directly.
    user = StaffFactory(username=username, first_name=first_name)
    user.user_permissions.add(*Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    return user


def logged_in(browser, url, username):
    page = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    page.set_default_timeout(15_000)
    page.clock.install()  # the page's 20-second heartbeat is fast-forwarded, never waited for
    page.goto(url + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-toa-soan")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def test_two_editors_on_one_story(browser, browser_server):
    url = browser_server.url
    editor_named("bientap", "Tuấn Hiển")
    editor_named("bientap2", "Thu Hà")
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Lúa xuân Cẩm Xuyên")
    change = f"{url}/quan-tri/articles/article/{story.pk}/change/"

    first = logged_in(browser, url, "bientap")
    first.goto(change)
    expect(first.locator("#presence")).not_to_contain_text("Đang được")

    second = logged_in(browser, url, "bientap2")
    second.goto(change)
    since = timezone.localtime().strftime("%H:")
    note = second.locator("#presence")
    expect(note).to_contain_text("Đang được Tuấn Hiển chỉnh sửa từ " + since)  # on load, before typing
    expect(second.locator("#id_headline")).to_be_editable()

    # The first editor's page learns of the second at its next heartbeat, without a reload.
    first.clock.fast_forward(21_000)
    expect(first.locator("#presence")).to_contain_text("Đang được Thu Hà chỉnh sửa từ")

    # The first editor leaves: the second one's note goes at their next heartbeat.
    first.goto(url + "/quan-tri/")
    second.clock.fast_forward(21_000)
    expect(note).not_to_contain_text("Đang được")

    # Editing stayed possible all along.
    second.fill("#id_headline", "Lúa xuân Cẩm Xuyên được mùa")
    second.click("input[name=_save]")
    expect(second.locator(".messagelist .success")).to_be_visible()
    story.refresh_from_db()
    assert story.headline == "Lúa xuân Cẩm Xuyên được mùa"
