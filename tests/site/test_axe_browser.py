"""axe-core over every public page type, on a phone and on a desktop, in Debian's Chromium (issue 17's "axe passes
every public page type"): no serious or critical violation.

axe-core comes from npm (tools/package.json, `make tools` or `cd tools && npm ci`; `.ci/run` does it) and is read
from tools/node_modules; Playwright's Python package drives the browser, as in the other browser tests.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article, Author, Locality, Section
from comments.models import CommentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo_site(settings, tmp_path):
    """The demo newsroom (stories with covers, sections, localities old and new, tags, authors, weather, comment
    threads), with one comment per page so that the story's further comment pages exist."""
    settings.COMMENTS_PER_PAGE = 1
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    out = StringIO()
    call_command("demo_newsroom", stories=30, stdout=out)
    call_command("demo_weather", stdout=out)
    call_command("demo_comments", stdout=out)


def page_types():
    """One address per public page type, picked from the demo's data."""
    story = (
        Article.objects.published()
        .annotate(threads=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED, comments__parent=None)))
        .filter(threads__gte=2)
        .order_by("-threads")
        .first()
    )
    assert story is not None, "the demo has no story with two comment threads"
    locality = Locality.objects.filter(articles__isnull=False).order_by("pk").first()
    tag = story.tags.order_by("pk").first()
    author = Author.objects.filter(articles__isnull=False).order_by("pk").first()
    section = Section.objects.filter(articles__isnull=False).order_by("pk").first()
    day = timezone.localdate(story.published_at)
    return {
        "home": "/",
        "story": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "locality index": "/dia-phuong/",
        "locality": locality.get_absolute_url(),
        "tag": f"/the/{tag.slug}/",
        "author": author.get_absolute_url(),
        "archive index": "/ngay/",
        "archive month": f"/ngay/{day:%Y-%m}/",
        "archive day": f"/ngay/{day:%Y-%m-%d}/",
        "search": "/tim-kiem/?q=Hà Tĩnh",
        # The further comment pages a reader opens (without JavaScript): /binh-luan/<id>/trang/<n>/ is only the
        # fragment "Xem thêm bình luận" adds in place.
        "comment page": story.get_absolute_url() + "?binh-luan=2",
        "privacy": "/chinh-sach-rieng-tu/",
        "not found": "/khong-co-trang-nay/",
    }


def test_axe_finds_nothing_serious_on_any_public_page(browser_server, browser, demo_site):
    assert AXE.exists(), f"axe-core is not installed ({AXE}): make tools (npm ci in tools/)"
    axe = AXE.read_text(encoding="utf-8")
    pages = page_types()
    found, checked = [], []
    for viewport_name, viewport in VIEWPORTS.items():
        # The site's CSP allows only its own scripts: the test's axe comes in past it, as an extension's would.
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name, path in pages.items():
            response = page.goto(browser_server.url + path)
            assert response.status == (404 if name == "not found" else 200), (name, path, response.status)
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            checked.append(f"{viewport_name} {name}")
            for violation in violations:
                if violation["impact"] in BLOCKING:
                    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                    found.append(
                        f"{viewport_name} {name} ({path}): {violation['id']} [{violation['impact']}] "
                        f"{violation['help']}: {targets}"
                    )
        context.close()
    assert len(checked) == len(pages) * len(VIEWPORTS)
    assert not found, "\n".join(found)
