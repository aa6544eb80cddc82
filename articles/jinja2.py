"""The public site's filters and globals for Jinja2 templates (added by newsroom/jinja2.py)."""

from articles import display

FILTERS = {
    "vn_datetime": display.vn_datetime,
    "vn_date": display.vn_date,
    "vn_number": display.vn_number,
    "absolute_url": display.absolute_url,
    "urlquote": display.urlquote,
    "has_cover": display.has_cover,
    "elided_pages": display.elided_pages,
    "next_day": display.next_day,
    "iso_datetime": display.iso_datetime,
    "modified_at": display.modified_at,
}

GLOBALS = {
    "cover_picture": display.cover_picture,
    "today_local": display.today_local,
    "share_image": display.share_image,
    "news_article_json_ld": display.news_article_json_ld,
}
