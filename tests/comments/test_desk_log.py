"""The desk's log of all decisions: filtered by moderator, paged, the same queries for any page size."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, ModerationLog
from tests.factories import CommentFactory, ModeratorFactory, StaffFactory

pytestmark = pytest.mark.django_db

LOG = "/quan-tri/kiem-duyet/nhat-ky/"


@pytest.fixture
def moderators():
    return ModeratorFactory(username="kiemduyet_lan"), ModeratorFactory(username="kiemduyet_minh")


@pytest.fixture
def desk(moderators):
    client = Client()
    client.force_login(moderators[0])
    return client


def test_the_log_lists_every_decision_and_filters_by_moderator(desk, moderators):
    lan, minh = moderators
    CommentFactory(name="Bạn Ánh", body="Ý kiến được duyệt").approve(lan)
    CommentFactory(name="Bạn Bình", body="Ý kiến bị từ chối").reject(minh, reason="Quảng cáo")
    html = desk.get(LOG).content.decode()
    assert "Bạn Ánh: Ý kiến được duyệt" in html and "Bạn Bình: Ý kiến bị từ chối" in html
    assert "Quảng cáo" in html
    assert "kiemduyet_lan (1)" in html and "kiemduyet_minh (1)" in html
    only_minh = desk.get(LOG, {"moderator": minh.pk}).content.decode()
    assert "Ý kiến bị từ chối" in only_minh and "Ý kiến được duyệt" not in only_minh
    assert "1 quyết định" in only_minh


def test_the_log_is_paged_and_shrugs_off_bad_parameters(desk, moderators):
    lan, _minh = moderators
    for comment in CommentFactory.create_batch(55):
        comment.approve(lan)
    first = desk.get(LOG).content.decode()
    assert "Trang 1/2" in first and "page=2" in first
    second = desk.get(LOG, {"moderator": lan.pk, "page": 2})
    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 5
    for bad in [{"page": "abc"}, {"page": "999999"}, {"moderator": "x' OR 1=1"}, {"moderator": "9" * 40}]:
        assert desk.get(LOG, bad).status_code == 200


def test_the_log_costs_the_same_queries_for_5_or_50_rows(desk, moderators):
    lan, minh = moderators

    def queries(count):
        ModerationLog.objects.all().delete()
        for n, comment in enumerate(CommentFactory.create_batch(count)):
            comment.approve(lan if n % 2 else minh)
        with CaptureQueriesContext(connection) as captured:
            response = desk.get(LOG)
        assert len(response.context["page"].object_list) == count
        return len(captured)

    assert queries(5) == queries(50)


def test_only_moderators_read_the_log(client):
    assert client.get(LOG).status_code == 302  # to the login
    client.force_login(StaffFactory())
    assert client.get(LOG).status_code == 403
    assert Comment.objects.count() == 0
