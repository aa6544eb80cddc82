"""The photo library in a real browser: two photos uploaded at once with progress, a caption and a focal point set,
one photo used as the cover of two stories, and the photo's page listing both under "used in"."""

import io

import pytest
from django.contrib.auth.models import Group, User
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, Photo
from tests.factories import ArticleFactory, SectionFactory, restore_newsroom_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-bien-tap-vien"


@pytest.fixture
def live_server(browser_server):
    return browser_server


def jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_upload_two_photos_caption_one_and_reuse_it_as_two_covers(live_server, browser):
    restore_newsroom_groups()
    user = User.objects.create_user("bientap", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    section = SectionFactory(name="Thời sự")
    first = ArticleFactory(headline="Lũ về Hương Khê", section=section, created_by=user)
    second = ArticleFactory(headline="Hương Khê sau lũ", section=section, created_by=user)
    page = browser.new_context(locale="vi-VN").new_page()
    page.set_default_timeout(20_000)
    admin = live_server.url + "/quan-tri"

    page.goto(admin + "/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # Two photos in one go: the script sends them one by one, each with its own progress bar.
    page.goto(admin + "/articles/photo/")
    page.get_by_role("link", name="Tải ảnh lên").click()
    page.set_input_files(
        "#id_files",
        [
            {"name": "lu-huong-khe.jpg", "mimeType": "image/jpeg", "buffer": jpeg("navy")},
            {"name": "cau-treo.jpg", "mimeType": "image/jpeg", "buffer": jpeg("olive")},
        ],
    )
    page.fill("#id_credit", "Ảnh: Đình Nhất")
    page.click("input[type=submit]")
    expect(page.locator(".photo-upload__progress li")).to_have_count(2)
    expect(page.get_by_role("link", name="Viết chú thích")).to_have_count(2)
    assert page.locator(".photo-upload__progress progress").evaluate_all("bars => bars.map(b => b.value)") == [100, 100]
    assert Photo.objects.count() == 2
    assert set(Photo.objects.values_list("credit", flat=True)) == {"Đình Nhất"}

    # A caption, and a focal point clicked on the photo's right side.
    page.get_by_role("link", name="Viết chú thích").first.click()
    page.fill("#id_caption", "Nước lũ dâng cao ở Hương Khê")
    box = page.locator("[data-focal-picker] img").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5)
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.8, abs=0.02)
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist")).to_be_visible()
    photo = Photo.objects.get(caption="Nước lũ dâng cao ở Hương Khê")
    assert photo.focal_x == pytest.approx(0.8, abs=0.02)

    # The library finds it without marks.
    page.goto(admin + "/articles/photo/?q=nuoc+lu")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    # The same photo as the cover of two stories: typed by its number, then picked in the library's window; the form
    # shows it at once, and the caption it will take when the story's own is left empty.
    for story in (first, second):
        page.goto(f"{admin}/articles/article/{story.pk}/change/")
        expect(page.locator(".field-cover_preview img")).to_have_count(0)
        if story is first:
            page.fill("#id_cover", "999999")
            page.press("#id_cover", "Tab")
            expect(page.locator(".cover-preview__status")).to_have_text("Không có ảnh nào trong thư viện mang số này.")
            page.fill("#id_cover", str(photo.pk))
            page.press("#id_cover", "Tab")
        else:
            with page.expect_popup() as opened:
                page.click("#lookup_id_cover")
            opened.value.locator("#result_list a", has_text="Nước lũ dâng cao").first.click()
            expect(page.locator("#id_cover")).to_have_value(str(photo.pk))
        expect(page.locator(".field-cover_preview img")).to_be_visible()
        expect(page.locator(".cover-preview__status")).to_have_text("")
        expect(page.locator("#id_cover_caption")).to_have_attribute("placeholder", "Nước lũ dâng cao ở Hương Khê")
        page.click("input[name=_continue]")
        expect(page.locator("ul.messagelist")).to_be_visible()
        assert Article.objects.get(pk=story.pk).cover_id == photo.pk

    # Its page lists both under "used in", and the story list shows the cover at list size.
    page.goto(f"{admin}/articles/photo/{photo.pk}/change/")
    used = page.locator(".photo-used-in")
    expect(used).to_contain_text("Lũ về Hương Khê")
    expect(used).to_contain_text("Hương Khê sau lũ")
    page.goto(admin + "/articles/article/")
    sizes = page.locator(".list-thumb img").evaluate_all("imgs => imgs.map(i => [i.width, i.height])")
    assert sizes == [[80, 45], [80, 45]]
