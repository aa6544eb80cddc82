"""The staff e-mail outbox in the admin: superusers read who got what, when, and whether it went out."""

import pytest
from django.utils import timezone

from inbox.models import Notification
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = "/quan-tri/inbox/notification/"


def test_superusers_read_the_outbox_and_change_nothing(client, admin_user):
    editor = StaffFactory(username="bientap", group="Biên tập viên")
    story = ArticleFactory(headline="Đại hội chi bộ nhiệm kỳ mới")
    sent = Notification.objects.create(
        user=editor, event="published", article=story, occasion="1", sent_at=timezone.now()
    )
    Notification.objects.create(user=editor, event="sent_back", article=story, occasion="2", failed_at=timezone.now())

    client.force_login(admin_user)
    page = client.get(URL).content.decode()

    assert "bientap" in page and "Đại hội chi bộ nhiệm kỳ mới" in page
    assert "Đã gửi" in page and "Đã bỏ, không gửi được" in page
    failed = client.get(URL, {"delivery": "failed"}).context["cl"].result_list
    assert [row.event for row in failed] == ["sent_back"]
    assert client.get(f"{URL}add/").status_code == 403
    detail = client.get(f"{URL}{sent.pk}/change/").content.decode()
    assert 'name="_save"' not in detail
    assert client.post(f"{URL}{sent.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Notification.objects.count() == 2

    client.force_login(editor)
    assert client.get(URL).status_code == 403
