"""Garbage in the admin's forms and bulk actions: a Vietnamese form error or a 400 page, never a 500."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import story_form
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOT_TIMES = ["9999-99-99T99:99", "2026-02-30T10:00", "2026-13-01T10:00", "0000-01-01T00:00", "9999-12-31T23:59"]


@pytest.fixture
def superuser(client):
    user = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    client.force_login(user)
    return user


@pytest.mark.parametrize("raw", NOT_TIMES)
def test_scheduling_at_a_time_that_is_not_one_says_so(client, superuser, raw):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    response = client.post(
        f"/quan-tri/articles/article/{story.pk}/workflow/schedule/", {"publish_at": raw}, follow=True
    )

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Hãy chọn" in message for message in messages), messages
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("day", "time", "error"),
    [
        ("9999-99-99", "99:99", "Nhập một ngày hợp lệ."),
        ("0001-01-01", "00:00", "Hãy chọn thời điểm xuất bản"),
        ("9999-12-31", "23:59", "Hãy chọn thời điểm xuất bản"),
    ],
)
def test_story_form_with_an_impossible_publication_time_is_a_form_error(client, superuser, day, time, error):
    data = story_form(SectionFactory(), published_at_0=day, published_at_1=time)

    response = client.post("/quan-tri/articles/article/add/", data)

    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["published_at"])
    assert "“Đòn bẩy” nâng sức mạnh hệ thống chính trị" in response.content.decode()  # what was typed is kept
    assert not Article.objects.exists()


def changelists_with_actions(user):
    """The changelist URL of every registered model whose admin offers bulk actions."""
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    for model in apps.get_models():
        if admin.site.is_registered(model) and admin.site.get_model_admin(model).get_actions(request):
            yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_changelist_refuses_a_bulk_action_on_ids_that_are_not_ids(client, superuser):
    changelists = list(changelists_with_actions(superuser))
    assert {"/quan-tri/articles/article/", "/quan-tri/comments/comment/", "/quan-tri/auth/user/"} <= set(changelists)

    for url in changelists:
        for bad in ("abc", "1; DROP TABLE x", "9" * 30):
            response = client.post(url, {"action": "delete_selected", "_selected_action": ["1", bad], "index": "0"})
            assert response.status_code == 400, (url, bad, response.status_code)
            assert 'lang="vi"' in response.content.decode()


def test_a_bulk_action_on_real_ids_still_works(client, superuser):
    story = ArticleFactory()

    response = client.post(
        "/quan-tri/articles/article/",
        {"action": "delete_selected", "_selected_action": [str(story.pk)], "index": "0"},
    )

    assert response.status_code == 200
    assert "<title>Xóa nhiều đối tượng" in response.content.decode()
