"""What several browser tests ask of a page."""

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Within a pixel: a fragment scrolled to the top may sit at -0.03 px (Chromium 156 lays out in fractions of a pixel).
_WHOLLY_ON_SCREEN = (
    "s => { const e = document.querySelector(s); if (!e) return false;"
    " const r = e.getBoundingClientRect(); return r.height > 0 && r.top > -1 && r.bottom < innerHeight + 1; }"
)


def in_view(page, selector, timeout=5_000):
    """Whether the element comes to be wholly on the screen once the page has settled (the browser scrolls to a
    fragment once the page's styles are in, which may be after its text is). Polls; False after the timeout."""
    try:
        page.wait_for_function(_WHOLLY_ON_SCREEN, arg=selector, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True
