"""The body editor's JSON endpoints in the story admin: the photo picker, video addresses, the TCVN3/VNI converter.

Kept apart from articles/admin.py like the workflow; ArticleAdmin mixes this in. Each answers staff who may edit
stories only (the admin's login, CSRF on POST), and reads or changes nothing but what it is asked about.
"""

import json

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles import embeds
from articles.models import Article, ArticleImage
from core import legacy_vn
from core.text import fold, normalize

PICK_PAGE_SIZE = 30
CONVERT_MAX_CHARS = 500_000


class BodyEditorAdminMixin:
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("body/photos/", wrap(self.body_photos_view), name=f"{prefix}_body_photos"),
            path("body/embed/", wrap(self.body_embed_view), name=f"{prefix}_body_embed"),
            path("body/convert/", wrap(self.body_convert_view), name=f"{prefix}_body_convert"),
            *super().get_urls(),
        ]

    def _require_editing(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied

    def body_photos(self, request):
        """The photos the picker offers: the story's own (?article=), matching ?q= by caption, credit or alt."""
        try:
            article_id = int(request.GET.get("article") or 0)
        except ValueError:
            article_id = 0
        story = self.visible(request, Article.objects.filter(pk=article_id)).first() if article_id else None
        if story is None or not self.has_view_permission(request, story):
            return [], False
        photos = list(ArticleImage.objects.filter(article=story))
        term = fold(request.GET.get("q", ""))
        if term:
            photos = [photo for photo in photos if term in fold(f"{photo.caption} {photo.credit} {photo.alt}")]
        return photos[:PICK_PAGE_SIZE], len(photos) > PICK_PAGE_SIZE

    @staticmethod
    def photo_json(photo):
        renditions = photo.renditions or []
        thumb = default_storage.url(renditions[0]["jpeg"]) if renditions else photo.image.url
        return {"id": photo.pk, "thumb": thumb, "caption": photo.caption, "credit": photo.credit, "alt": photo.alt}

    @staticmethod
    def _json(data):
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    @method_decorator(require_GET)
    def body_photos_view(self, request):
        self._require_editing(request)
        photos, more = self.body_photos(request)
        return self._json({"results": [self.photo_json(photo) for photo in photos], "more": more})

    @method_decorator(require_GET)
    def body_embed_view(self, request):
        """?url= a video address: its provider and id when it is on the allow-list, the reason if not."""
        self._require_editing(request)
        embed = embeds.parse_video_url(request.GET.get("url", "")[:2000])
        if embed is None:
            # An answer to "may this be embedded?", not a failed request: the editor shows the reason.
            return self._json({"error": gettext("Only YouTube and Facebook video addresses can be embedded.")})
        return self._json({"provider": embed.provider, "id": embed.video_id, "url": embed.url})

    @method_decorator(require_POST)
    def body_convert_view(self, request):
        """POST {"blocks": [[text, …], …]}: paragraphs typed in TCVN3/VNI come back in Unicode, the others as sent.

        Unreadable input gets {"error": message} (the editor shows it), never an error page."""
        self._require_editing(request)
        try:
            if len(request.body) > CONVERT_MAX_CHARS:
                raise ValueError
            blocks = json.loads(request.body)["blocks"]
            if not all(isinstance(block, list) and all(isinstance(t, str) for t in block) for block in blocks):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return self._json({"error": gettext("The text could not be read.")})
        converted, count = legacy_vn.convert_blocks(blocks)
        converted = [[normalize(piece) for piece in block] for block in converted]
        return self._json({"blocks": converted, "converted": count})
