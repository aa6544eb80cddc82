"""Grading in a real browser: the newsroom secretary grades this month's story the Vietnamese way (a decimal comma),
splits it between its two authors, is told what is wrong without losing what was typed, and finds the amounts on the
statements."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from royalties.models import Genre, UnitValue, Work
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory, restore_newsroom_groups

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_secretary_grades_a_story_with_a_decimal_comma_and_a_split(browser, browser_server):
    restore_newsroom_groups()
    StaffFactory(username="thuky", group="Thư ký tòa soạn")
    reportage, _created = Genre.objects.update_or_create(name="Phóng sự, ký sự", defaults={"max_coefficient": 20})
    UnitValue.objects.create(valid_from=date(2020, 1, 1), amount=234_000)
    hue, hien = AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")
    # Published and committed now: its work is waiting on this month's grading page, nobody had to make it.
    story = ArticleFactory(headline="Đòn bẩy nâng sức mạnh hệ thống chính trị", authors=[hue, hien])
    story.refresh_from_db()
    work = Work.objects.get(article=story, kind=Work.Kind.STORY)

    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + "/quan-tri/login/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", "mat-khau-toa-soan")
    page.click("input[type=submit]")
    page.goto(browser_server.url + reverse("royalties:grade"))

    row = page.locator(f"#work-{work.pk}")
    expect(row).to_contain_text("Đòn bẩy nâng sức mạnh hệ thống chính trị")
    # The byline in equal parts to start with.
    expect(row.locator(f"#id_w{work.pk}-percent_0")).to_have_value("50")
    expect(row.locator(f"#id_w{work.pk}-percent_1")).to_have_value("50")

    # Above the genre's frame: refused with the reason, nothing lost.
    row.locator(f"#id_w{work.pk}-genre").select_option(label="Phóng sự, ký sự")
    row.locator(f"#id_w{work.pk}-coefficient").fill("25,5")
    row.locator(f"#id_w{work.pk}-percent_0").fill("60")
    row.locator(f"#id_w{work.pk}-percent_1").fill("40")
    page.get_by_role("button", name="Lưu điểm chấm").click()
    expect(page.locator(".messagelist")).to_contain_text("Không có gì được lưu")
    row = page.locator(f"#work-{work.pk}")
    expect(row).to_have_class("royalty-error")
    expect(row.locator(f"#id_w{work.pk}-coefficient")).to_have_value("25,5")
    expect(row.locator(f"#id_w{work.pk}-percent_0")).to_have_value("60")

    row.locator(f"#id_w{work.pk}-coefficient").fill("12,5")
    page.get_by_role("button", name="Lưu điểm chấm").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã chấm 1 tác phẩm")
    work.refresh_from_db()
    assert (work.genre, work.coefficient) == (reportage, Decimal("12.5"))
    assert [(share.author, share.percent) for share in work.shares.order_by("-percent")] == [(hue, 60), (hien, 40)]

    # 12,5 × 234.000 đ = 2.925.000 đ: 1.755.000 đ to Minh Huệ, 1.170.000 đ to Tuấn Hiển.
    month = timezone.localtime(story.published_at).strftime("%Y-%m")
    page.goto(browser_server.url + reverse("royalties:statements") + f"?thang={month}")
    expect(page.locator("body")).to_contain_text("2.925.000 đ")
    expect(page.locator("body")).to_contain_text("1.755.000 đ")
    expect(page.locator("body")).to_contain_text("1.170.000 đ")
