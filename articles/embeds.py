"""Videos in a story's body: an address from an allow-list of hosts, stored as a marker, rendered as a private iframe.

The editor inserts an address; what is stored is `<figure class="embed" data-provider="youtube" data-id="…">`, rebuilt
here from the parsed address (a pasted <iframe> is read for its address only, its attributes are never kept). The
public page turns each marker into an iframe on youtube-nocookie.com or Facebook's video plugin, whose hosts are the
only ones the page's Content-Security-Policy lets it frame ("frame-src" in newsroom/settings.py; a test holds the two
together).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.template.loader import render_to_string

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_FACEBOOK_ID = re.compile(r"[0-9]{5,25}")
IDS = {"youtube": _YOUTUBE_ID, "facebook": _FACEBOOK_ID}


@dataclass(frozen=True)
class Embed:
    """One video: the provider and its id, all a page needs to rebuild the player and the link."""

    provider: str
    video_id: str

    @property
    def src(self):
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://www.facebook.com/plugins/video.php?href={quote(self.url, safe='')}&show_text=false"

    @property
    def url(self):
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://www.facebook.com/watch/?v={self.video_id}"

    @property
    def provider_name(self):
        return {"youtube": "YouTube", "facebook": "Facebook"}[self.provider]


def make(provider, video_id):
    """An Embed if the provider is allowed and the id has its provider's shape, else None."""
    pattern = IDS.get(provider)
    if pattern is None or not isinstance(video_id, str) or not pattern.fullmatch(video_id):
        return None
    return Embed(provider, video_id)


def parse_video_url(url, *, _depth=0):
    """The Embed an address points to (YouTube, Facebook videos), or None for any other host, scheme or shape."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            candidate = segments[0] if segments else ""
        elif segments[:1] == ["watch"]:
            candidate = (query.get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
        else:
            return None
        return make("youtube", candidate)
    if host in FACEBOOK_HOSTS:
        if segments[:2] == ["plugins", "video.php"] and _depth == 0:
            return parse_video_url((query.get("href") or [""])[0], _depth=1)
        if segments[:1] in (["watch"], ["video.php"]):
            return make("facebook", (query.get("v") or [""])[0])
        if len(segments) >= 2 and segments[-2] in {"videos", "reel"}:
            return make("facebook", segments[-1])
        if len(segments) >= 3 and segments[1] == "videos":
            return make("facebook", segments[-1])
        return None
    return None


def marker(embed):
    """The stored form of a video in the body."""
    return f'<figure class="embed" data-provider="{embed.provider}" data-id="{embed.video_id}"></figure>'


# A stored marker, as articles.sanitize leaves it (attributes in this order, values checked on every save).
MARKER = re.compile(
    r'<figure class="embed" data-provider="(?P<provider>[a-z]+)" data-id="(?P<id>[A-Za-z0-9_-]+)"></figure>'
)


def render_embeds(body):
    """Each marker in sanitised HTML becomes the player and a plain link (templates/jinja2/articles/_embed.html)."""
    if "embed" not in body:
        return body

    def player(match):
        embed = make(match["provider"], match["id"])
        return render_to_string("articles/_embed.html", {"embed": embed}) if embed else ""

    return MARKER.sub(player, body)
