"""The tip desk in a real browser: an editor opens a new tip, gives it to a reporter, moves it on, links the story
and answers the reader, whose e-mail the worker sends once, in Vietnamese."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, StaffFactory
from tests.worker import run_worker
from tips.models import Tip, TipLog, TipReply

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EDITOR_PERMISSIONS = [
    "view_tip",
    "change_tip",
    "handle_tip",
    "view_tipreply",
    "view_tiplog",
    "view_tipphoto",
    "view_article",  # the story box searches the stories (the admin's autocomplete)…
    "review_article",  # …every story, as editors do, not only their own
]


def test_an_editor_works_a_tip_from_new_to_answered(browser, browser_server, settings):
    settings.SITE_NAME = "Báo Hà Tĩnh"
    # A transactional test empties the tables the migrations filled: the editors' group comes back here.
    group, _created = Group.objects.get_or_create(name="Biên tập viên")
    group.permissions.add(*Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    StaffFactory(username="bientap", group="Biên tập viên")
    Group.objects.get_or_create(name="Phóng viên")
    reporter = StaffFactory(username="phongvien_hoa", first_name="Hòa", group="Phóng viên")
    story = ArticleFactory(headline="Đê bao Thạch Hạ được gia cố sau phản ánh của bạn đọc")
    assert story.status == Article.Status.PUBLISHED
    tip = Tip.objects.create(
        name="Phạm Thị Hoa",
        email="hoa.pham@example.vn",
        text="Đoạn đê bao ở xã Thạch Hạ bị nứt dài khoảng mười mét sau trận mưa đêm qua.",
        consent=True,
    )

    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + "/quan-tri/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mat-khau-toa-soan")
    page.click("input[type=submit]")

    # The list shows the new tip; the editor opens it.
    page.goto(browser_server.url + "/quan-tri/tips/tip/?state__exact=new")
    page.get_by_role("link", name="Đoạn đê bao ở xã Thạch Hạ").click()
    expect(page.locator("#id_state")).to_have_value(Tip.State.NEW)

    # Gives it to a reporter, moves it on, finds the story by typing part of its headline, writes a reply.
    page.select_option("#id_assigned_to", str(reporter.pk))
    page.select_option("#id_state", Tip.State.PUBLISHED)
    page.locator("#id_story + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Thạch Hạ")
    page.locator(".select2-results__option", has_text="Đê bao Thạch Hạ").click()
    page.fill("#id_reply", "Cảm ơn chị Hoa. Phóng viên đã về xã Thạch Hạ và bài viết đã đăng trên báo.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()

    tip.refresh_from_db()
    assert (tip.assigned_to, tip.state, tip.story) == (reporter, Tip.State.PUBLISHED, story)
    assert list(TipLog.objects.filter(tip=tip).values_list("action", flat=True)) == [
        TipLog.Action.STATE,
        TipLog.Action.ASSIGNED,
        TipLog.Action.STORY,
        TipLog.Action.REPLIED,
    ]
    # Queued, not sent by the request: the worker sends it, once.
    reply = TipReply.objects.get(tip=tip)
    assert reply.sent_at is None and mail.outbox == []
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["hoa.pham@example.vn"]
    assert sent.subject == "Tòa soạn trả lời thông tin bạn đã gửi"
    assert sent.body.startswith("Kính gửi Phạm Thị Hoa,")
    assert "Phóng viên đã về xã Thạch Hạ và bài viết đã đăng trên báo." in sent.body
    assert f"Về thông tin bạn gửi tòa soạn ngày {timezone.localtime(tip.created_at):%d/%m/%Y}:" in sent.body
    assert sent.body.rstrip().endswith("Báo Hà Tĩnh")

    # The tip's page shows the reply as sent and every step in its log, in Vietnamese.
    page.reload()
    expect(page.locator("body")).to_contain_text("mới → đã đăng bài")
    expect(page.locator("body")).to_contain_text("Cảm ơn chị Hoa.")
