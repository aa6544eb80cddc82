"""Each role's boundary, tried from the outside through the admin's URLs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article
from tests.articles.test_workflow import story_post_data
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles/article"
S = Article.Status


@pytest.fixture
def reporter(client):
    user = StaffFactory(username="phongvien", group="Phóng viên")
    client.force_login(user)
    return user


@pytest.fixture
def editor():
    return StaffFactory(username="bientap", group="Biên tập viên")


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type"))


def test_groups_carry_exactly_the_listed_permissions():
    def crud(app, model):
        return [f"{app}.{verb}_{model}" for verb in ("add", "change", "delete", "view")]

    assert codenames("Phóng viên") == sorted(
        [
            "articles.add_article",
            "articles.change_article",
            "articles.view_article",
            *crud("articles", "articleauthor"),
            "articles.add_photo",
            "articles.change_photo",
            "articles.view_photo",
            "articles.view_author",
            "articles.view_locality",
            "articles.view_section",
            "articles.view_tag",
            # The readers' tips given to them (tips/migrations/0002_roles.py).
            "tips.view_tip",
            "tips.view_tipphoto",
        ]
    )
    assert codenames("Biên tập viên") == sorted(
        [
            *crud("articles", "article"),
            "articles.publish_article",
            "articles.review_article",
            *crud("articles", "articleauthor"),
            *crud("articles", "photo"),
            *crud("articles", "relatedpin"),
            *crud("articles", "section"),
            *crud("articles", "locality"),
            *crud("articles", "author"),
            *crud("articles", "tag"),
            *crud("redirects", "redirect"),
            "comments.change_comment",
            "comments.moderate_comment",
            "comments.view_comment",
            # The front page (articles/migrations/0015_front_slots.py) and the tip desk (tips/migrations/0002_roles.py).
            "articles.arrange_frontpage",
            *crud("articles", "frontplacement"),
            "articles.view_frontplacementlog",
            "tips.view_tip",
            "tips.change_tip",
            "tips.handle_tip",
            "tips.view_tiplog",
            "tips.view_tipphoto",
            "tips.view_tipreply",
        ]
    )


def test_ranks_above_the_editor_carry_exactly_the_listed_permissions():
    def crud(model):
        return [f"articles.{verb}_{model}" for verb in ("add", "change", "delete", "view")]

    desk = [
        "articles.change_article",
        "articles.publish_article",
        "articles.review_article",
        "articles.view_article",
        *crud("articleauthor"),
        *crud("relatedpin"),
        *crud("frontplacement"),
        "articles.arrange_frontpage",
        "articles.view_frontplacementlog",
        "articles.add_photo",
        "articles.change_photo",
        "articles.view_photo",
        "articles.view_author",
        "articles.view_locality",
        "articles.view_section",
        "articles.view_tag",
    ]
    # The royalties' migration adds theirs: both grade, the leaders also set genres, the unit value and close months.
    grading = [
        f"royalties.{name}" for name in ("grade_work", "view_genre", "view_month", "view_unitvalue", "view_work")
    ]
    setting = [f"royalties.{verb}_{model}" for model in ("genre", "unitvalue") for verb in ("add", "change", "delete")]
    assert codenames("Thư ký tòa soạn") == sorted([*desk, *grading])
    assert codenames("Lãnh đạo tòa soạn") == sorted(
        [*desk, *grading, *crud("approvalchain"), *crud("approvalstep"), *setting, "royalties.close_month"]
    )


# Reporter


def test_reporter_writes_a_draft_and_edits_it(client, reporter):
    response = client.post(f"{ADMIN}/add/", story_post_data(client, headline="Bài của phóng viên"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.created_by) == (S.DRAFT, reporter)

    response = client.post(f"{ADMIN}/{article.pk}/change/", story_post_data(client, article, headline="Đã sửa"))
    assert response.status_code == 302
    assert Article.objects.get().headline == "Đã sửa"


def test_reporter_cannot_publish_even_by_forging_the_request(client, reporter):
    article = ArticleFactory(status=S.DRAFT, published_at=None, created_by=reporter)

    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"{ADMIN}/{article.pk}/workflow/publish/").status_code == 403
    assert client.post(f"{ADMIN}/{article.pk}/workflow/schedule/", {"publish_at": tomorrow}).status_code == 403
    assert Article.objects.get().status == S.DRAFT


def test_reporter_cannot_open_another_staff_members_story(client, reporter):
    other = ArticleFactory(status=S.DRAFT, published_at=None, created_by=StaffFactory(group="Phóng viên"))

    assert client.get(f"{ADMIN}/{other.pk}/change/").status_code == 403
    assert client.post(f"{ADMIN}/{other.pk}/workflow/submit/").status_code == 403
    assert client.get(f"{ADMIN}/{other.pk}/preview/").status_code == 403
    assert client.get(f"{ADMIN}/{other.pk}/revisions/").status_code == 403
    assert client.get(f"{ADMIN}/{other.pk}/delete/").status_code == 403


def test_reporter_story_in_review_is_read_only(client, reporter):
    article = ArticleFactory(status=S.REVIEW, published_at=None, created_by=reporter, headline="Đang chờ duyệt")

    assert client.get(f"{ADMIN}/{article.pk}/change/").status_code == 200
    data = story_post_data(client, article, headline="Sửa lén")
    assert client.post(f"{ADMIN}/{article.pk}/change/", data).status_code == 403
    assert Article.objects.get().headline == "Đang chờ duyệt"


def test_reporter_list_shows_only_their_stories(client, reporter):
    ArticleFactory(headline="Bài của tôi", created_by=reporter)
    ArticleFactory(headline="Bài của người khác")

    page = client.get(f"{ADMIN}/").content.decode()

    assert "Bài của tôi" in page
    assert "Bài của người khác" not in page


def test_reporter_cannot_see_comments_or_manage_sections(client, reporter):
    CommentFactory()
    assert client.get("/quan-tri/comments/comment/").status_code == 403
    assert client.get("/quan-tri/articles/section/add/").status_code == 403
    assert client.get("/quan-tri/redirects/redirect/").status_code == 403
    assert "/quan-tri/comments/" not in client.get("/quan-tri/").content.decode()


def test_reporter_form_offers_no_publication(client, reporter):
    page = client.get(f"{ADMIN}/add/").content.decode()

    assert 'name="_workflow" value="submit"' in page
    assert 'value="publish"' not in page and 'value="schedule"' not in page


# Editor


def test_editor_publishes_unpublishes_and_edits_anyones_story(client, editor):
    article = ArticleFactory(status=S.REVIEW, published_at=None, created_by=StaffFactory(group="Phóng viên"))
    client.force_login(editor)

    assert client.post(f"{ADMIN}/{article.pk}/workflow/publish/").status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 200
    data = story_post_data(client, Article.objects.get(), headline="Biên tập viên sửa tiêu đề")
    assert client.post(f"{ADMIN}/{article.pk}/change/", data).status_code == 302
    assert client.post(f"{ADMIN}/{article.pk}/workflow/unpublish/").status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_manages_classification_redirects_and_comments(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    CommentFactory()

    for url in (
        "/quan-tri/articles/section/add/",
        f"/quan-tri/articles/section/{section.pk}/change/",
        "/quan-tri/articles/locality/add/",
        "/quan-tri/articles/author/add/",
        "/quan-tri/articles/tag/",
        "/quan-tri/redirects/redirect/add/",
        "/quan-tri/comments/comment/",
    ):
        assert client.get(url).status_code == 200, url


# Moderator and admin


def test_moderator_sees_comments_only(client):
    client.force_login(ModeratorFactory())
    article = ArticleFactory()

    assert client.get("/quan-tri/comments/comment/").status_code == 200
    assert client.get(f"{ADMIN}/").status_code == 403
    assert client.get(f"{ADMIN}/{article.pk}/change/").status_code == 403
    assert client.post(f"{ADMIN}/{article.pk}/workflow/unpublish/").status_code == 403
    assert Article.objects.get().status == S.PUBLISHED


def test_admin_can_do_everything(client, admin_user):
    client.force_login(admin_user)
    article = ArticleFactory(status=S.DRAFT, published_at=None)

    assert client.post(f"{ADMIN}/{article.pk}/workflow/publish/").status_code == 302
    assert Article.objects.get().is_public
    assert client.get("/quan-tri/comments/comment/").status_code == 200
