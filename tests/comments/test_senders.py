"""Banned senders and trusted readers: a ban is refused like spam (the sender learns nothing), lifts on time, and
a trusted reader's comments come first on the desk but are still read before they appear."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from comments.models import Comment, SenderRule
from tests.comments.test_comment_spam import errors, post
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

REFUSED = "Không gửi được bình luận. Vui lòng thử lại."


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def test_a_banned_email_is_refused_with_the_spam_refusals_words(client):
    SenderRule.objects.create(kind="email", value="cuong@example.vn")
    response = post(client, ArticleFactory(), email="CUONG@example.vn")
    assert response.status_code == 400
    assert errors(response) == [REFUSED]
    assert not Comment.objects.exists()


def test_a_banned_address_range_is_refused_and_its_neighbours_are_not(client):
    rule = SenderRule(kind="network", value="203.0.113.7/24")
    rule.full_clean()
    rule.save()
    assert rule.value == "203.0.113.0/24"
    story = ArticleFactory()
    assert post(client, story, remote_addr="203.0.113.99").status_code == 400
    assert post(client, story, remote_addr="198.51.100.4", body="Một ý kiến khác hẳn.").status_code == 201


def test_a_ban_for_a_while_lifts_by_itself(client):
    now = timezone.now()
    SenderRule.objects.create(kind="email", value="cuong@example.vn", until=now + datetime.timedelta(days=1))
    story = ArticleFactory()
    with time_machine.travel(now):
        assert post(client, story).status_code == 400
    with time_machine.travel(now + datetime.timedelta(days=1, seconds=61)):  # past the ban and the rules' cache
        assert post(client, story).status_code == 201


def test_lifting_a_ban_works_at_once(client):
    rule = SenderRule.objects.create(kind="email", value="cuong@example.vn")
    story = ArticleFactory()
    assert post(client, story).status_code == 400
    rule.delete()
    assert post(client, story).status_code == 201


def test_held_instead_of_refused_when_the_newsroom_says_so(client, settings):
    settings.COMMENTS_BANNED_SENDERS = "hold"
    SenderRule.objects.create(kind="email", value="cuong@example.vn")
    assert post(client, ArticleFactory()).status_code == 201
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert "Người gửi bị chặn" in client.get("/quan-tri/kiem-duyet/").content.decode()


def test_a_trusted_readers_comment_comes_first_on_the_desk_and_still_waits(client):
    older = CommentFactory(email="bandoc@example.vn")
    trusted = CommentFactory(email="tin.cay@example.vn")
    SenderRule.objects.create(kind="email", value="tin.cay@example.vn", action="trust")
    client.force_login(ModeratorFactory())
    cards = client.get("/quan-tri/kiem-duyet/").context["cards"]
    assert [card.pk for card in cards] == [trusted.pk, older.pk]
    assert trusted.status == Comment.Status.PENDING


def test_an_address_range_cannot_be_trusted_and_junk_is_refused_clearly(client):
    client.force_login(ModeratorFactory())
    add = "/quan-tri/comments/senderrule/add/"
    page = client.post(add, {"kind": "network", "value": "không phải địa chỉ", "action": "ban"}).content.decode()
    assert "Hãy nhập một dải địa chỉ như 203.0.113.0/24." in page
    page = client.post(add, {"kind": "network", "value": "203.0.113.0/24", "action": "trust"}).content.decode()
    assert "Chỉ có thể tin cậy một địa chỉ e-mail." in page
    assert not SenderRule.objects.exists()


def test_everything_one_email_or_address_range_posted(client):
    CommentFactory(email="an@example.vn", ip_address="203.0.113.5", status=Comment.Status.APPROVED)
    CommentFactory(email="an@example.vn", ip_address="203.0.113.5", status=Comment.Status.SPAM)
    CommentFactory(email="binh@example.vn", ip_address="203.0.113.200")
    CommentFactory(email="chi@example.vn", ip_address="198.51.100.1")
    client.force_login(ModeratorFactory())
    by_email = client.get("/quan-tri/kiem-duyet/", {"queue": "all", "email": "an@example.vn"}).context["cards"]
    assert len(by_email) == 2
    by_range = client.get("/quan-tri/kiem-duyet/", {"queue": "all", "network": "203.0.113.5"}).context["cards"]
    assert {card.email for card in by_range} == {"an@example.vn", "binh@example.vn"}


def test_a_reply_under_a_hidden_comment_cannot_be_published_and_the_desk_says_why(client):
    moderator = ModeratorFactory()
    parent = CommentFactory(status=Comment.Status.APPROVED)
    reply = CommentFactory(article=parent.article, parent=parent, body="Tôi đồng ý với bạn.")
    parent.hide(moderator)
    client.force_login(moderator)
    response = client.post(
        f"/quan-tri/kiem-duyet/{reply.pk}/", {"version": reply.version, "action": "approve"}, follow=True
    )
    assert "trả lời một bình luận bạn đọc không thấy" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Comment.Status.PENDING
    # In bulk too: the reply stays, its root is published first when both are chosen.
    root = CommentFactory()
    child = CommentFactory(article=root.article, parent=root)
    assert Comment.objects.filter(pk__in=[reply.pk, root.pk, child.pk]).approve(moderator) == 2
    assert set(Comment.objects.filter(status=Comment.Status.APPROVED).values_list("pk", flat=True)) == {
        root.pk,
        child.pk,
    }
