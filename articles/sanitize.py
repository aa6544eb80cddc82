"""Editors' HTML is cleaned against an allow-list before it is stored (nh3, the Rust ammonia sanitiser).

This is the authority: the body editor (django-prose-editor) only offers what is allowed here, but whatever a browser
posts passes through clean_html on every save. Three figures carry meaning and are kept in exactly one shape each:
a photo `<figure class="body-image-N">` (N = the photo's id, replaced by the photo at render), a gallery
`<figure class="body-gallery" data-photos="1,2,3">`, and a video `<figure class="embed" data-provider=… data-id=…>`
(articles/embeds.py). No <iframe> is ever stored: a pasted one becomes a video marker when its address is on the
allow-list, and disappears otherwise.
"""

import html
import re

import nh3

from articles import embeds

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
    "*": set(),  # no lang="VI" or title from Word on every element
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "figure": {"class", "data-provider", "data-id", "data-photos"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

GALLERY_MAX_PHOTOS = 50
_FIGURE_CLASS = re.compile(r"body-image-[0-9]+|body-gallery|embed")
_PHOTO_IDS = re.compile(rf"[0-9]+(?:,[0-9]+){{0,{GALLERY_MAX_PHOTOS - 1}}}")
_IFRAME = re.compile(r"<iframe\b(?P<attrs>[^>]*)>(?:.*?</iframe\s*>)?", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.IGNORECASE)
_FIGURE = re.compile(r"<figure(?P<attrs>[^>]*)>(?P<inner>.*?)</figure>", re.DOTALL)
_ATTR = re.compile(r'(?P<name>[a-z-]+)="(?P<value>[^"]*)"')
# Word and Google Docs wrap every run of text in a styled <span>: with its style gone it only weighs the page.
_SPAN_TAG = re.compile(r'<span(?: class="credit")?>|</span>')


def _unwrap_bare_spans(cleaned):
    """Drop <span> tags left without attributes, keep their text and the credit spans (nh3's output is balanced)."""
    kept, out, position = [], [], 0
    for match in _SPAN_TAG.finditer(cleaned):
        out.append(cleaned[position : match.start()])
        position = match.end()
        if match[0] == "</span>":
            if kept and kept.pop():
                out.append(match[0])
        else:
            kept.append(match[0] != "<span>")
            if kept[-1]:
                out.append(match[0])
    out.append(cleaned[position:])
    return "".join(out)


def _figure_attribute(element, attribute, value):
    """Figures keep only the classes and data the three meaningful figures use; a span only a photo's credit."""
    if element == "span" and attribute == "class":
        return "credit" if "credit" in value.split() else None
    if element != "figure":
        return value
    if attribute == "class":
        kept = [name for name in value.split() if _FIGURE_CLASS.fullmatch(name)]
        return kept[0] if kept else None
    if attribute == "data-provider":
        return value if value in embeds.IDS else None
    if attribute == "data-id":
        return value if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value) else None
    if attribute == "data-photos":
        return value if _PHOTO_IDS.fullmatch(value.replace(" ", "")) else None
    return value


def _iframe_to_marker(match):
    """A pasted iframe: its address may name an allowed video; nothing else of it is kept."""
    found = _SRC.search(match["attrs"])
    src = html.unescape(next((group for group in found.groups() if group is not None), "")) if found else ""
    embed = embeds.parse_video_url(src)
    return embeds.marker(embed) if embed else ""


def _canonical_figure(match):
    """Videos and galleries are rebuilt from their checked data, in one shape; photo figures stay as cleaned."""
    attrs = dict(_ATTR.findall(match["attrs"]))
    css_class = attrs.get("class", "")
    if css_class == "embed":
        embed = embeds.make(attrs.get("data-provider"), html.unescape(attrs.get("data-id", "")))
        return embeds.marker(embed) if embed else ""
    if css_class == "body-gallery":
        ids = attrs.get("data-photos", "").replace(" ", "")
        return f'<figure class="body-gallery" data-photos="{ids}"></figure>' if _PHOTO_IDS.fullmatch(ids) else ""
    if css_class.startswith("body-image-"):
        return f'<figure class="{css_class}">{match["inner"]}</figure>'
    return f"<figure>{match['inner']}</figure>"


def clean_html(value):
    """Keep the structure an editor may use, drop scripts, handlers and foreign schemes."""
    if not value:
        return ""
    value = _IFRAME.sub(_iframe_to_marker, value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_figure_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _unwrap_bare_spans(_FIGURE.sub(_canonical_figure, cleaned))


_TAG = re.compile(r"<[^>]+>")


def html_to_text(value):
    """Plain text of stored HTML, for search and summaries."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())
