import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments.models import BannedWord, Comment, ModerationLog
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory, SectionFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = "/quan-tri/comments/comment/"


@pytest.fixture
def moderator():
    return ModeratorFactory()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def test_moderator_group_has_exactly_the_moderation_permissions():
    group = Group.objects.get(name="Kiểm duyệt viên")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_comment",
        "change_comment",
        "moderate_comment",
        "view_bannedword",
        "add_bannedword",
        "change_bannedword",
        "delete_bannedword",
        "view_moderationlog",
        "view_senderrule",
        "add_senderrule",
        "change_senderrule",
        "delete_senderrule",
        "add_tip",  # a comment that is really a tip goes to the tip desk (tips.Tip.from_comment)
    }


def test_moderator_reaches_the_queue_but_nothing_else(moderator_client, moderator):
    assert moderator_client.get(QUEUE).status_code == 200
    assert moderator_client.get("/quan-tri/comments/bannedword/").status_code == 200
    assert moderator_client.get("/quan-tri/auth/user/").status_code == 403
    assert not moderator.has_perm("articles.change_article")
    if Article in admin.site._registry:
        assert moderator_client.get("/quan-tri/articles/article/").status_code == 403
        assert moderator_client.get("/quan-tri/articles/article/add/").status_code == 403


def test_queue_shows_pending_comments_oldest_first_by_default(moderator_client):
    older = CommentFactory(body="Bình luận cũ hơn")
    newer = CommentFactory(body="Bình luận mới hơn")
    CommentFactory(status=Status.APPROVED, body="Đã đăng rồi")
    html = moderator_client.get(QUEUE).content.decode()
    assert "Đã đăng rồi" not in html
    assert html.index(older.body) < html.index(newer.body)
    everything = moderator_client.get(QUEUE, {"status": "all"}).content.decode()
    assert "Đã đăng rồi" in everything


def test_queue_row_shows_story_parent_contact_ip_and_banned_match(moderator_client):
    article = ArticleFactory(headline="Đòn bẩy nâng sức mạnh hệ thống chính trị")
    parent = CommentFactory(article=article, status=Status.APPROVED, body="Ý kiến gốc của bạn đọc")
    CommentFactory(
        article=article,
        parent=parent,
        name="Trần Thị Bình",
        email="binh@example.vn",
        ip_address="198.51.100.4",
        banned_match="dit",
        body="Trả lời ý kiến",
    )
    html = moderator_client.get(QUEUE).content.decode()
    assert f'href="{article.get_absolute_url()}"' in html
    assert "Ý kiến gốc của bạn đọc" in html
    for shown in ("Trần Thị Bình", "binh@example.vn", "198.51.100.4", "dit"):
        assert shown in html


def test_queue_shows_how_many_earlier_comments_of_the_author_were_approved_or_rejected(moderator_client):
    for status in (Status.APPROVED, Status.APPROVED, Status.REJECTED):
        CommentFactory(email="quen@example.vn", status=status)
    CommentFactory(email="quen@example.vn")
    CommentFactory(email="moi@example.vn")
    response = moderator_client.get(QUEUE)
    rows = {c.email: (c.approved_before, c.rejected_before) for c in response.context["cl"].result_list}
    assert rows == {"quen@example.vn": (2, 1), "moi@example.vn": (0, 0)}
    assert "2 đã đăng, 1 bị từ chối" in response.content.decode()


def test_queue_filters_by_section_and_story(moderator_client):
    section = SectionFactory(slug="xay-dung-dang")
    wanted = CommentFactory(article=ArticleFactory(section=section), body="Trong chuyên mục")
    CommentFactory(body="Ngoài chuyên mục")
    html = moderator_client.get(QUEUE, {"article__section__id__exact": section.pk}).content.decode()
    assert "Trong chuyên mục" in html and "Ngoài chuyên mục" not in html
    html = moderator_client.get(QUEUE, {"article__id__exact": wanted.article_id}).content.decode()
    assert "Trong chuyên mục" in html and "Ngoài chuyên mục" not in html


def test_queue_search_by_email(moderator_client):
    CommentFactory(email="tim@example.vn", body="Tìm thấy")
    CommentFactory(body="Không liên quan")
    html = moderator_client.get(QUEUE, {"q": "tim@example"}).content.decode()
    assert "Tìm thấy" in html and "Không liên quan" not in html


def _queue_queries(client, count):
    for _ in range(count):
        parent = CommentFactory(status=Status.APPROVED)
        CommentFactory(article=parent.article, parent=parent, email=parent.email)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert len(response.context["cl"].result_list) == count
    return len(queries)


def test_queue_query_count_does_not_grow_with_the_page_size(moderator_client):
    five = _queue_queries(moderator_client, 5)
    Comment.objects.all().delete()
    fifty = _queue_queries(moderator_client, 50)
    # session, user, two permission lookups, section and story filter choices, filtered count, full count, rows
    # (story, parent and the author's history are joined or subqueried into the rows), the header's pending badge and
    # its "Việc của tôi" counts (stories waiting for my step, stories sent back to me)
    assert five == fifty == 12


def test_admin_index_shows_the_pending_count_linked_to_the_queue(moderator_client):
    CommentFactory.create_batch(3)
    CommentFactory(status=Status.APPROVED)
    html = moderator_client.get("/quan-tri/").content.decode()
    assert "Bình luận chờ duyệt: 3" in html
    assert f'href="{QUEUE}"' in html


def test_bulk_approve_action_publishes_selected_comments(moderator_client, moderator):
    chosen = CommentFactory.create_batch(2)
    left = CommentFactory()
    response = moderator_client.post(
        QUEUE, {"action": "approve_selected", "_selected_action": [c.pk for c in chosen]}, follow=True
    )
    assert "Đã duyệt và đăng 2 bình luận." in response.content.decode()
    assert set(Comment.objects.visible()) == set(chosen)
    left.refresh_from_db()
    assert left.status == Status.PENDING
    assert ModerationLog.objects.filter(actor=moderator, to_status=Status.APPROVED).count() == 2


def test_bulk_reject_asks_for_a_reason_on_a_confirmation_page(moderator_client):
    comments = CommentFactory.create_batch(2, body="Quảng cáo bán hàng")
    ids = [c.pk for c in comments]
    page = moderator_client.post(QUEUE, {"action": "reject_selected", "_selected_action": ids})
    assert page.status_code == 200
    assert "Quảng cáo bán hàng" in page.content.decode()
    assert Comment.objects.pending().count() == 2
    moderator_client.post(
        QUEUE, {"action": "reject_selected", "_selected_action": ids, "confirm": "yes", "reason": "Quảng cáo"}
    )
    assert set(Comment.objects.values_list("status", "rejection_reason")) == {(Status.REJECTED, "Quảng cáo")}


def test_spam_and_hide_actions(moderator_client):
    spam = CommentFactory()
    published = CommentFactory(status=Status.APPROVED)
    moderator_client.post(QUEUE, {"action": "mark_spam_selected", "_selected_action": [spam.pk]})
    moderator_client.post(QUEUE + "?status=approved", {"action": "hide_selected", "_selected_action": [published.pk]})
    spam.refresh_from_db()
    published.refresh_from_db()
    assert (spam.status, published.status) == (Status.SPAM, Status.HIDDEN)


def test_staff_without_moderate_permission_cannot_act(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("xem", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    comment = CommentFactory()
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [comment.pk]})
    response = client.post(change_url(comment), {"action": "approve", "version": 1, "body": comment.body})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_edit_and_approve_in_one_step_keeps_and_shows_the_original(moderator_client, moderator):
    comment = CommentFactory(body="bai viet rat hay")
    page = moderator_client.get(change_url(comment)).content.decode()
    assert "Duyệt và đăng" in page
    response = moderator_client.post(
        change_url(comment),
        {
            "action": "approve",
            "version": comment.version,
            "body": "Bài viết rất hay",
            "edit_reason": "diacritics",
            "edit_note": "Thêm dấu",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.original_body) == (
        Status.APPROVED,
        "Bài viết rất hay",
        "bai viet rat hay",
    )
    assert comment.moderated_by == moderator
    page = moderator_client.get(change_url(comment)).content.decode()
    assert "bai viet rat hay" in page  # the reader's original
    assert "<del>bai viet rat</del> <ins>Bài viết rất</ins> hay" in page
    assert 'id="moderation-log"' in page
    assert "Thêm dấu tiếng Việt" in page  # the reason, in the log and the edit note


def test_editing_without_a_reason_is_refused_with_a_message(moderator_client):
    comment = CommentFactory(body="bai viet")
    response = moderator_client.post(
        change_url(comment), {"action": "approve", "version": comment.version, "body": "Bài viết"}
    )
    assert response.status_code == 200
    assert "Hãy chọn lý do biên tập" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_a_stale_moderation_page_changes_nothing(moderator_client):
    comment = CommentFactory()
    stale_version = comment.version
    comment.approve(ModeratorFactory())
    response = moderator_client.post(
        change_url(comment), {"action": "hide", "version": stale_version, "body": comment.body, "reason": "Muộn"}
    )
    assert response.status_code == 200
    assert "Một người kiểm duyệt khác đã xử lý bình luận này" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.log_entries.count() == 1


def test_audit_log_is_listed_but_cannot_be_added_changed_or_deleted(client, moderator_client, django_user_model):
    comment = CommentFactory()
    comment.reject(None, reason="Lạc đề")
    entry = ModerationLog.objects.get()
    base = "/quan-tri/comments/moderationlog/"
    assert moderator_client.get(base).status_code == 200
    superuser = django_user_model.objects.create_superuser("sep", "sep@example.vn", "mat-khau-rat-dai-123")
    client.force_login(superuser)
    for c in (moderator_client, client):
        assert c.get(base + "add/").status_code == 403
        assert c.get(f"{base}{entry.pk}/change/").status_code == 403
        assert c.post(f"{base}{entry.pk}/change/", {"reason": "sửa"}).status_code == 403
        assert c.get(f"{base}{entry.pk}/delete/").status_code == 403
        assert c.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "Lạc đề"


def test_superuser_moderates_too(client, django_user_model):
    superuser = django_user_model.objects.create_superuser("sep", "sep@example.vn", "mat-khau-rat-dai-123")
    client.force_login(superuser)
    comment = CommentFactory()
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_bulk_action_works_on_a_searched_and_filtered_queue(moderator_client):
    found = CommentFactory(email="tim@example.vn", article=ArticleFactory(section=SectionFactory(slug="kinh-te")))
    other = CommentFactory()
    url = f"{QUEUE}?q=tim&article__section__id__exact={found.article.section_id}"
    moderator_client.post(url, {"action": "approve_selected", "_selected_action": [found.pk, other.pk]})
    found.refresh_from_db()
    other.refresh_from_db()
    assert (found.status, other.status) == (Status.APPROVED, Status.PENDING)


def test_the_moderator_sees_the_banned_words_in_context(moderator_client):
    comment = CommentFactory(body="Bài hay. Ai phản đối thì là đồ ngu, nói thật.", banned_match="đồ ngu")
    queue = moderator_client.get(QUEUE).content.decode()
    assert "<mark>đồ ngu</mark>, nói thật." in queue
    page = moderator_client.get(change_url(comment)).content.decode()
    assert 'id="banned-context"' in page
    assert "<mark>đồ ngu</mark>" in page


def test_a_new_banned_word_warns_how_many_published_comments_it_would_have_held(moderator_client):
    for body in ["Chúc cả nhà ngủ ngon", "Ngư dân vươn khơi", "Tôi thấy ngu thật", "Ai nói NGU vậy?"]:
        CommentFactory(body=body, status=Status.APPROVED)
    CommentFactory(body="ngu", status=Status.PENDING)  # not published: not counted
    add = "/quan-tri/comments/bannedword/add/"
    response = moderator_client.post(add, {"word": "ngu", "action": "reject", "note": ""})
    assert response.status_code == 200
    assert "giữ lại 2 trong số 4 bình luận đã đăng gần nhất" in response.content.decode()
    assert 'value="ngu"' in response.content.decode()  # what the moderator typed is kept
    assert not BannedWord.objects.exists()
    response = moderator_client.post(add, {"word": "ngu", "action": "reject", "note": "", "confirm": "on"})
    assert response.status_code == 302
    assert BannedWord.objects.get().word == "ngu"


def test_a_banned_word_that_caught_nothing_is_saved_at_once(moderator_client):
    CommentFactory(body="Chúc cả nhà ngủ ngon", status=Status.APPROVED)
    response = moderator_client.post("/quan-tri/comments/bannedword/add/", {"word": "ngu", "action": "hold"})
    assert response.status_code == 302
    assert BannedWord.objects.filter(word="ngu").exists()
