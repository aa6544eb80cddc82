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
    "figure": {"class"},
    "p": {"class"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


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
    )


_TAG = re.compile(r"<[^>]+>")


def html_to_text(value):
    """Plain text of stored HTML, for search and summaries."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())
