"""The body editor's JSON endpoints in the story admin: video addresses and the TCVN3/VNI converter (photos are
picked from the library: admin:articles_photo_pick).

Kept apart from articles/admin.py like the workflow; ArticleAdmin mixes this in. Each answers staff who may edit
stories only (the admin's login, CSRF on POST), and reads or changes nothing but what it is asked about.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles import embeds
from core import legacy_vn
from core.text import normalize

CONVERT_MAX_CHARS = 500_000


class BodyEditorAdminMixin:
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("body/embed/", wrap(self.body_embed_view), name=f"{prefix}_body_embed"),
            path("body/convert/", wrap(self.body_convert_view), name=f"{prefix}_body_convert"),
            *super().get_urls(),
        ]

    def _require_editing(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied

    @staticmethod
    def _json(data):
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

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
