import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleTransition
from tests.factories import ArticleFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles/article"
S = Article.Status
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def reporter():
    return StaffFactory(username="phongvien", group="Phóng viên")


@pytest.fixture
def editor():
    return StaffFactory(username="bientap", group="Biên tập viên")


def story_post_data(client, article=None, **fields):
    """What the admin's story form posts, read from the page the user gets (inlines empty, version included)."""
    url = f"{ADMIN}/{article.pk}/change/" if article else f"{ADMIN}/add/"
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["adminform"].form
    data = {
        "kicker": article.kicker if article else "",
        "headline": article.headline if article else "Tin mới về Hà Tĩnh",
        "slug": article.slug if article else "",
        "sapo": article.sapo if article else "Tóm tắt.",
        "body": article.body if article else "<p>Nội dung.</p>",
        "section": str(article.section_id if article else SectionFactory().pk),
        "tags": "",
        "status": article.status if article else S.DRAFT,
        "allow_comments": "on",
        "remark": "",
        "correction": article.correction if article else "",
        "edit_version": str(form["edit_version"].value() or ""),
        "_save": "Lưu",
    }
    if article and article.published_at:
        local = timezone.localtime(article.published_at)
        data.update({"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S")})
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(fields)
    return data


# The table, step by step: who may do what from which state.

ALLOWED = [
    (S.DRAFT, "submit", "owner", S.REVIEW),
    (S.DRAFT, "submit", "editor", S.REVIEW),
    (S.DRAFT, "publish", "editor", S.PUBLISHED),
    (S.REVIEW, "send_back", "editor", S.DRAFT),
    (S.REVIEW, "publish", "editor", S.PUBLISHED),
    (S.REVIEW, "schedule", "editor", S.PUBLISHED),
    (S.PUBLISHED, "unpublish", "editor", S.UNPUBLISHED),
    (S.PUBLISHED, "schedule", "editor", S.PUBLISHED),
    (S.UNPUBLISHED, "publish", "editor", S.PUBLISHED),
    (S.UNPUBLISHED, "reopen", "owner", S.DRAFT),
    (S.UNPUBLISHED, "reopen", "editor", S.DRAFT),
]

REFUSED = [
    # Role: the reporter never publishes, schedules, unpublishes or sends back, nor touches others' stories.
    (S.DRAFT, "publish", "owner", workflow.NotAllowed),
    (S.DRAFT, "schedule", "owner", workflow.NotAllowed),
    (S.REVIEW, "publish", "owner", workflow.NotAllowed),
    (S.REVIEW, "send_back", "owner", workflow.NotAllowed),
    (S.PUBLISHED, "unpublish", "owner", workflow.NotAllowed),
    (S.UNPUBLISHED, "publish", "owner", workflow.NotAllowed),
    (S.DRAFT, "submit", "other reporter", workflow.NotAllowed),
    (S.UNPUBLISHED, "reopen", "other reporter", workflow.NotAllowed),
    # State: steps the table does not have, whoever asks.
    (S.DRAFT, "send_back", "editor", workflow.InvalidTransition),
    (S.DRAFT, "unpublish", "editor", workflow.InvalidTransition),
    (S.DRAFT, "reopen", "editor", workflow.InvalidTransition),
    (S.REVIEW, "submit", "editor", workflow.InvalidTransition),
    (S.REVIEW, "unpublish", "editor", workflow.InvalidTransition),
    (S.PUBLISHED, "submit", "editor", workflow.InvalidTransition),
    (S.PUBLISHED, "send_back", "editor", workflow.InvalidTransition),
    (S.PUBLISHED, "reopen", "editor", workflow.InvalidTransition),
    (S.UNPUBLISHED, "submit", "editor", workflow.InvalidTransition),
    (S.UNPUBLISHED, "unpublish", "editor", workflow.InvalidTransition),
]


def story_in(status, owner):
    at = timezone.now() - datetime.timedelta(hours=1) if status == S.PUBLISHED else None
    return ArticleFactory(status=status, published_at=at, created_by=owner)


def do(article, action, user):
    later = timezone.now() + datetime.timedelta(days=1)
    steps = {
        "submit": lambda: article.submit(user),
        "send_back": lambda: article.send_back(user, "Thiếu nguồn tin, bổ sung giúp."),
        "publish": lambda: article.publish(user),
        "schedule": lambda: article.publish(user, at=later),
        "unpublish": lambda: article.unpublish(user),
        "reopen": lambda: article.reopen(user),
    }
    steps[action]()


@pytest.mark.parametrize(("source", "action", "who", "target"), ALLOWED)
def test_allowed_step_moves_the_story_and_is_logged(source, action, who, target, reporter, editor):
    article = story_in(source, owner=reporter)
    user = reporter if who == "owner" else editor

    do(article, action, user)

    article.refresh_from_db()
    assert article.status == target
    step = ArticleTransition.objects.get(article=article)
    assert (step.actor, step.source, step.target) == (user, source, target)


@pytest.mark.parametrize(("source", "action", "who", "error"), REFUSED)
def test_forbidden_step_is_refused_with_a_message(source, action, who, error, reporter, editor):
    article = story_in(source, owner=reporter)
    user = {"owner": reporter, "editor": editor, "other reporter": StaffFactory(group="Phóng viên")}[who]

    with pytest.raises(error) as refused:
        do(article, action, user)

    article.refresh_from_db()
    assert article.status == source
    assert not ArticleTransition.objects.exists()
    assert str(refused.value.message)


def test_send_back_needs_a_remark(reporter, editor):
    article = story_in(S.REVIEW, owner=reporter)

    with pytest.raises(workflow.InvalidTransition):
        article.send_back(editor, "   ")

    assert Article.objects.get().status == S.REVIEW


# Through the admin's buttons.


def test_reporter_submits_editor_sends_back_with_remark_and_both_see_the_history(client, reporter, editor):
    article = story_in(S.DRAFT, owner=reporter)
    client.force_login(reporter)
    response = client.post(f"{ADMIN}/{article.pk}/workflow/submit/", follow=True)
    assert "Chờ duyệt" in response.content.decode()

    client.force_login(editor)
    client.post(f"{ADMIN}/{article.pk}/workflow/send_back/", {"remark": "Cần thêm ý kiến người dân."})

    client.force_login(reporter)
    page = client.get(f"{ADMIN}/{article.pk}/change/").content.decode()
    assert Article.objects.get().status == S.DRAFT
    assert "Cần thêm ý kiến người dân." in page
    assert "phongvien" in page and "bientap" in page


def test_wrong_step_through_the_admin_is_explained_in_vietnamese(client, editor):
    article = story_in(S.PUBLISHED, owner=None)
    client.force_login(editor)

    response = client.post(f"{ADMIN}/{article.pk}/workflow/submit/", follow=True)

    assert response.status_code == 200
    assert "Một bài không thể chuyển từ" in response.content.decode()
    assert Article.objects.get().status == S.PUBLISHED


def test_send_back_without_remark_in_the_admin_says_why(client, editor):
    article = story_in(S.REVIEW, owner=None)
    client.force_login(editor)

    response = client.post(f"{ADMIN}/{article.pk}/workflow/send_back/", {"remark": ""}, follow=True)

    assert "Hãy ghi rõ phóng viên cần sửa gì" in response.content.decode()
    assert Article.objects.get().status == S.REVIEW


def test_change_page_offers_only_the_users_steps(client, reporter, editor):
    article = story_in(S.REVIEW, owner=reporter)
    client.force_login(editor)
    page = client.get(f"{ADMIN}/{article.pk}/change/").content.decode()
    assert button("publish") in page and button("send_back") in page and button("schedule") in page

    article = story_in(S.DRAFT, owner=reporter)
    client.force_login(reporter)
    page = client.get(f"{ADMIN}/{article.pk}/change/").content.decode()
    assert button("submit") in page
    assert button("publish") not in page


def test_schedule_needs_a_future_time(client, editor):
    article = story_in(S.REVIEW, owner=None)
    client.force_login(editor)

    past = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        f"{ADMIN}/{article.pk}/workflow/schedule/", {"publish_at": past.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )
    assert "phải ở tương lai" in response.content.decode()
    response = client.post(f"{ADMIN}/{article.pk}/workflow/schedule/", {"publish_at": "ngày mai"}, follow=True)
    assert "Hãy chọn ngày giờ xuất bản" in response.content.decode()
    assert Article.objects.get().status == S.REVIEW


def button(action):
    """The story form's workflow button for `action` (the form's one state control)."""
    return f'name="_workflow" value="{action}"'


def test_workflow_button_in_the_form_saves_then_makes_the_step(client, reporter, editor):
    client.force_login(reporter)
    data = story_post_data(client, _workflow="submit", headline="Bài gửi duyệt ngay")
    assert client.post(f"{ADMIN}/add/", data).status_code == 302
    article = Article.objects.get()
    assert article.status == S.REVIEW
    assert article.created_by == reporter
    assert ArticleTransition.objects.get().target == S.REVIEW

    # A reporter's form does not offer "publish", and a forged button is refused: the story stays a draft.
    data = story_post_data(client, _workflow="publish", headline="Bài tự đăng")
    response = client.post(f"{ADMIN}/add/", data, follow=True)
    assert "Vai trò của bạn không được chuyển bài này" in response.content.decode()
    assert Article.objects.get(headline="Bài tự đăng").status == S.DRAFT


# The list: state, holder, review queue first.


def test_editor_sees_review_queue_first_with_state_and_holder(client, reporter, editor):
    story_in(S.PUBLISHED, owner=None)
    waiting = story_in(S.DRAFT, owner=reporter)
    waiting.submit(reporter)
    later = ArticleFactory(headline="Bài hẹn giờ", published_at=timezone.now() + datetime.timedelta(hours=3))
    client.force_login(editor)

    page = client.get(f"{ADMIN}/").content.decode()

    assert page.index(waiting.headline) < page.index(later.headline)
    assert "Chờ duyệt" in page
    assert "Đã lên lịch" in page
    assert "phongvien" in page


def test_admin_index_counts_stories_awaiting_review(client, reporter, editor):
    for _ in range(2):
        story_in(S.DRAFT, owner=reporter).submit(reporter)
    client.force_login(editor)

    page = client.get("/quan-tri/").content.decode()

    assert "Bài chờ duyệt: 2" in page


# Scheduled publishing: on time to the second, with no job running.


@pytest.fixture
def frozen(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


def test_story_scheduled_for_seven_appears_at_seven_sharp(client, frozen, editor):
    section = SectionFactory(name="Thời sự", slug="thoi-su")
    yesterday = datetime.datetime(2026, 3, 1, 6, 0, tzinfo=VN)
    ArticleFactory(section=section, headline="Tin đã đăng hôm qua", published_at=yesterday)
    article = ArticleFactory(section=section, status=S.REVIEW, published_at=None, headline="Tin hẹn bảy giờ sáng")
    frozen(datetime.datetime(2026, 3, 1, 22, 0, tzinfo=VN))
    article.publish(editor, at=datetime.datetime(2026, 3, 2, 7, 0, tzinfo=VN))
    pages = ["/", section.get_absolute_url(), "/rss/", section.get_absolute_url() + "rss/", "/sitemap-news.xml"]

    # The same client, the same caches, a second apart: nothing computed at 06:59:59 hides it at 07:00:00.
    for moment, visible in [((6, 59, 59), False), ((7, 0, 0), True), ((7, 0, 1), True)]:
        frozen(datetime.datetime(2026, 3, 2, *moment, tzinfo=VN))
        assert (client.get(article.get_absolute_url()).status_code == 200) is visible, moment
        for url in pages:
            assert ("Tin hẹn bảy giờ sáng" in client.get(url).content.decode()) is visible, (moment, url)
        assert (article in Article.objects.published()) is visible


def test_scheduled_story_shows_as_scheduled_in_the_admin(client, editor):
    article = story_in(S.REVIEW, owner=None)
    client.force_login(editor)
    at = timezone.localtime() + datetime.timedelta(days=1)

    client.post(f"{ADMIN}/{article.pk}/workflow/schedule/", {"publish_at": at.strftime("%Y-%m-%dT%H:%M")})

    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert not article.is_public
    page = client.get(f"{ADMIN}/{article.pk}/change/").content.decode()
    assert "Đã lên lịch" in page
    assert client.get(article.get_absolute_url()).status_code == 404
