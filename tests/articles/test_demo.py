import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.chains import ApprovalChain, progress, steps_for
from articles.demo import chains
from articles.demo.build import build
from articles.models import Article, ArticleAuthor, Author, Locality, Photo, Section, Tag, TaggedArticle
from comments.models import Comment
from tests.factories import StaffFactory
from weather import conf
from weather.demo import ensure_demo_weather, recorded_readings
from weather.models import WeatherReport
from weather.selectors import box_context

pytestmark = pytest.mark.django_db

SEED_SLUG = "don-bay-nang-suc-manh-he-thong-chinh-tri"


def run_demo(stories=30):
    out = StringIO()
    call_command("demo_newsroom", stories=stories, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleAuthor, Author, Locality, Locality.successors.through, Section, Tag)
    } | {"TaggedArticle": TaggedArticle.objects.count(), "placed": Article.localities.through.objects.count()}


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(_isolated_media, settings, demo_media):
    """A small demo newsroom; its pictures are drawn once per test session and reused like on a rebuilt site."""
    settings.MEDIA_ROOT = demo_media
    run_demo()


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed():
    return Article.objects.for_page().get(slug=SEED_SLUG)


def test_seed_story_is_printed_as_on_the_page(demo):
    story = seed()
    assert story.kicker == "Công tác tổ chức xây dựng Đảng năm 2012:"
    assert story.headline == '"Đòn bẩy" nâng sức mạnh hệ thống chính trị'
    assert story.sapo.startswith("Năm 2012 có thể coi là một năm đầy dấu ấn đối với những người làm công tác")
    assert story.cover_caption == (
        "Bí thư Tỉnh ủy Nguyễn Thanh Bình nói chuyện với cán bộ, đảng viên lão thành về triển khai đưa NQ T.Ư4 "
        "vào cuộc sống"
    )
    assert story.byline == "Minh Huệ - Tuấn Hiển"
    assert story.section.name == "Xây dựng Đảng"
    assert [str(unit) for unit in story.localities.all()] == ["Thành phố Hà Tĩnh"]
    assert {"Xây dựng Đảng", "Nghị quyết Trung ương 4", "công tác cán bộ"} <= set(story.tags.names())
    assert timezone.localtime(story.published_at).strftime("%Y-%m-%d %H:%M %Z") == "2013-01-23 08:15 +07"
    assert story.is_public and story.is_featured
    assert story.cover and len(story.cover_renditions) == 4  # the 16:9 crops, 160 to 1200 px


def test_seed_story_body_keeps_every_paragraph_character_for_character(demo):
    body = seed().body
    paragraphs = re.findall(r"<p>(.*?)</p>", body)
    assert len(paragraphs) == 12
    assert paragraphs[0].startswith('Thực hiện lời dạy của Bác "cán bộ là gốc của mọi phong trào"')
    assert "Tính đến ngày 20/1/2013, có 3.800 chi bộ trực thuộc đảng bộ cơ sở" in body
    assert "“Một số vấn đề cấp bách trong công tác xây dựng Đảng hiện nay”" in body
    assert "theo hướng dẫn của Trung ương….</p>" in body
    assert paragraphs[-1].endswith('Tất cả đều vì mục đích tăng cường sức mạnh "đòn bẩy" cho cả hệ thống chính trị.')


def test_the_seed_story_page_shows_the_story(demo, client):
    response = client.get(seed().get_absolute_url())
    assert response.status_code == 200
    assert "3.800 chi bộ" in response.content.decode()


def test_home_page_shows_most_read_stories(demo, client):
    page = client.get("/").content.decode()
    assert "Xem nhiều" in page


def test_smaller_demo_has_drafts_scheduled_and_one_featured_story(demo):
    assert Article.objects.count() == 36  # the seed story, the four before it, 30 generated, 1 waiting at step 2
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now()).count() == 1
    assert Article.objects.published().count() == 33
    featured = Article.objects.filter(is_featured=True)
    assert featured.count() == 1
    assert featured.get() == seed()


def test_home_page_features_the_seed_story(demo, client):
    page = client.get("/").content.decode()
    featured = page.split('class="featured"', 1)[1].split("</section>", 1)[0]
    assert "nâng sức mạnh hệ thống chính trị" in featured


def test_seed_page_lists_earlier_stories_of_its_section(demo, client):
    page = client.get(seed().get_absolute_url()).content.decode()
    assert "Các tin đã đưa" in page
    assert "Hà Tĩnh tổng kết công tác kiểm tra, giám sát năm 2012" in page


def test_seed_page_locality_box_links_its_own_locality(demo, client):
    page = client.get(seed().get_absolute_url()).content.decode()
    assert "Xem thêm Thành phố Hà Tĩnh" in page
    assert "Xem thêm Tỉnh Hà Tĩnh" not in page


def test_generated_stories_look_like_a_newsroom(demo):
    for story in Article.objects.exclude(slug=SEED_SLUG).for_page():
        assert 1 <= len(story.bylines.all()) <= 3
        assert 2 <= len(story.tags.all()) <= 5
        assert 3 <= story.body.count("<p>") <= 6
        assert story.cover.image.name.startswith("covers/demo/") and story.cover_renditions
        localities = story.localities.all()
        assert 1 <= len(localities) <= 2
        if story.published_at:
            day = timezone.localdate(story.published_at)
            for unit in localities:  # a story names units as they were when it was published
                assert unit.valid_from is None or unit.valid_from <= day, (story.headline, unit)
                assert unit.valid_until is None or day <= unit.valid_until, (story.headline, unit)


def test_stories_share_a_dozen_pictures_without_reencoding(demo):
    covers = set(Article.objects.values_list("cover", flat=True))
    assert 2 <= len(covers) <= 13
    for pk in covers:
        renditions = {str(r) for r in Article.objects.filter(cover=pk).values_list("cover_renditions", flat=True)}
        assert len(renditions) == 1


def test_the_library_holds_the_demo_photos_with_credits(demo):
    photos = list(Photo.objects.select_related("credit_author"))
    assert len(photos) == len(set(Article.objects.values_list("cover", flat=True)))
    for photo in photos:
        assert photo.credit and photo.credit_author and photo.credit_author.pen_name == photo.credit
        assert photo.uses.filter(kind="cover").exists()
    assert Photo.objects.search("dong lua").exists() or Photo.objects.search("xay dung dang").exists()


def test_localities_keep_hà_tĩnhs_history(demo):
    province = Locality.objects.get(slug="tinh-ha-tinh")
    assert (province.code, province.valid_until) == ("42", None)
    town = Locality.objects.get(kind=Locality.Kind.TOWN, name="Kỳ Anh")
    district = Locality.objects.get(kind=Locality.Kind.DISTRICT, name="Kỳ Anh")
    assert town.valid_from.year == 2015 and town.slug != district.slug
    assert town in district.successors.all()
    loc_ha = Locality.objects.get(slug="huyen-loc-ha")
    assert loc_ha.valid_until == date(2024, 12, 31)
    assert list(loc_ha.successors.all()) == [Locality.objects.get(slug="huyen-thach-ha")]
    city = Locality.objects.get(slug="thanh-pho-ha-tinh")
    assert city.valid_until == date(2025, 6, 30) and not city.exists
    assert {unit.name for unit in city.successors.all()} == {"Thành Sen", "Trần Phú", "Hà Huy Tập"}
    assert all(unit.valid_from == date(2025, 7, 1) for unit in city.successors.all())
    assert Locality.objects.get(slug="phuong-bac-ha") in city.subtree()
    district_level = Locality.objects.filter(level=Locality.Level.DISTRICT)
    assert district_level.count() == 13
    assert not district_level.filter(valid_until__gt=date(2025, 6, 30)).exists()
    # Same kind and name in two eras: two units, two slugs.
    assert set(Locality.objects.filter(name="Trần Phú").values_list("slug", flat=True)) == {
        "phuong-tran-phu",
        "phuong-tran-phu-2025",
    }


def test_sections_are_ordered_with_sub_sections(demo):
    top = list(Section.objects.filter(parent=None).values_list("name", flat=True))
    assert top[:3] == ["Thời sự", "Xây dựng Đảng", "Chính trị"]
    assert Section.objects.get(name="Nông nghiệp").parent.name == "Kinh tế"


def test_running_again_changes_nothing(demo):
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "không có gì thay đổi" in output


def test_running_on_a_later_day_adds_no_duplicates(demo):
    before = counts()
    build(stories=30, now=timezone.now() + timedelta(days=400))
    assert counts() == before


def test_a_rebuilt_database_reuses_the_stored_pictures(demo, settings):
    renditions = seed().cover_renditions
    Article.objects.all().delete()
    run_demo()
    assert seed().cover_renditions == renditions
    assert not list((settings.MEDIA_ROOT / "renditions" / "covers" / "demo").glob("*_*"))  # no "-480_AbC12.webp"


def test_a_larger_run_adds_only_the_missing_stories(demo):
    run_demo(stories=40)
    assert Article.objects.count() == 46
    assert Article.objects.values("slug").distinct().count() == 46


def test_negative_story_count_is_refused():
    with pytest.raises(CommandError, match="âm"):
        run_demo(stories=-1)


def test_full_demo_has_over_300_published_stories():
    output = run_demo(stories=320)
    assert Article.objects.published().count() >= 301
    assert "326" in output  # with the story waiting at step 2 of "Xây dựng Đảng"
    years = {timezone.localdate(d).year for d in Article.objects.published().values_list("published_at", flat=True)}
    assert set(range(2013, timezone.localdate().year + 1)) <= years


def admin_password(output):
    match = re.search(r"admin / (\S+) — mở http://\S+/quan-tri/", output)
    return match and match[1]


def test_create_admin_prints_the_password_once(fast_hashing):
    first, second = StringIO(), StringIO()
    call_command("create_admin", stdout=first)
    password = admin_password(first.getvalue())
    assert password and len(password) >= 16
    assert authenticate(username="admin", password=password).is_superuser

    call_command("create_admin", stdout=second)
    assert password not in second.getvalue() and admin_password(second.getvalue()) is None
    assert "đã có" in second.getvalue()
    assert authenticate(username="admin", password=password)
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_create_admin_reset_sets_a_new_password(fast_hashing):
    first, reset = StringIO(), StringIO()
    call_command("create_admin", stdout=first)
    call_command("create_admin", reset=True, stdout=reset)
    old, new = admin_password(first.getvalue()), admin_password(reset.getvalue())
    assert new and new != old
    assert authenticate(username="admin", password=new) and not authenticate(username="admin", password=old)


def test_demo_weather_shows_the_box_offline_marked_as_demo(demo, client):
    call_command("demo_weather", stdout=StringIO())
    page = client.get(seed().get_absolute_url()).content.decode()
    assert "Thời tiết" in page and "TP Hà Tĩnh" in page
    assert "Dữ liệu mẫu" in page
    observed = set(WeatherReport.objects.values_list("observed_at", flat=True))
    call_command("demo_weather", stdout=StringIO())  # a second run changes nothing
    assert set(WeatherReport.objects.values_list("observed_at", flat=True)) == observed


def test_demo_weather_keeps_the_staleness_rules_and_is_redated_when_old(demo, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        ensure_demo_weather(now)
    assert box_context(now + timedelta(hours=7))["stale"]
    assert box_context(now + timedelta(hours=49)) == {"reports": []}
    with django_capture_on_commit_callbacks(execute=True):
        assert ensure_demo_weather(now + timedelta(hours=49)) == 5
    assert box_context(now + timedelta(hours=49))["reports"]


def test_demo_weather_never_replaces_real_readings(demo):
    WeatherReport.objects.store(recorded_readings(conf.places(), timezone.now() - timedelta(days=3)), conf.places())
    assert ensure_demo_weather() == 0
    assert not WeatherReport.objects.filter(is_demo=True).exists()


def test_demo_comments_show_threads_with_replies_once(demo, client):
    call_command("demo_comments", stdout=StringIO())
    added = Comment.objects.visible().count()
    assert added >= 8 and Comment.objects.visible().filter(parent__isnull=False).exists()
    story = Comment.objects.visible().filter(parent__isnull=False).first().article
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Trả lời" in page and "bình luận" in page
    assert "Đồng ý với anh Hùng" in page or "Cảm ơn anh Nam" in page or "bài hướng dẫn chi tiết" in page
    assert not seed().comments.exists()
    call_command("demo_comments", stdout=StringIO())
    assert Comment.objects.visible().count() == added


def test_demo_sets_the_party_sections_chain_with_a_story_waiting_at_its_second_step(demo):
    waiting = Article.objects.get(slug=chains.WAITING_SLUG)
    assert [step.name for step in steps_for(waiting)] == ["Biên tập viên", "Thư ký tòa soạn", "Lãnh đạo tòa soạn"]
    assert progress(waiting)[1].name == "Thư ký tòa soạn"
    assert waiting in Article.objects.awaiting(StaffFactory(group="Thư ký tòa soạn"))
    assert ApprovalChain.objects.filter(section__slug="chinh-tri").exists()
