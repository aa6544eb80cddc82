"""Editors' HTML is cleaned against an allow-list before it is stored (nh3, the Rust ammonia sanitiser)."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "q",
    "cite",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "figure": {"class", "data-photos"},
    "p": {"class"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_PHOTO_IDS = re.compile(r"^\d+(,\d+)*$")


def _attribute_filter(tag, attribute, value):
    # A gallery's data-photos is library photo ids and commas ("1,2,3"), nothing else.
    if attribute == "data-photos":
        value = value.replace(" ", "")
        return value if tag == "figure" and _PHOTO_IDS.match(value) else None
    return value


def clean_html(value):
    """Keep the structure an editor may use, drop scripts, handlers and foreign schemes."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


_TAG = re.compile(r"<[^>]+>")


def html_to_text(value):
    """Plain text of stored HTML, for search and summaries."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())
