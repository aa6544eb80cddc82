import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from articles import preview
from comments import views as comment_views
from core import health

urlpatterns = [
    path("healthz/live", health.live, name="health_live"),
    path("healthz/ready", health.ready, name="health_ready"),
    path("quan-tri/bao-mat/", include("accounts.urls")),
    path("quan-tri/kiem-duyet/", include("comments.desk.urls")),
    path("quan-tri/viec-cua-toi/", include("inbox.urls")),
    path("quan-tri/nhuan-but/", include("royalties.urls")),
    path("quan-tri/", admin.site.urls),
    path("binh-luan/", include("comments.urls")),
    path("gui-tin/", include("tips.urls")),
    path("xem-truoc/<str:token>/", preview.signed_preview, name="article_preview"),
    path("chinh-sach-rieng-tu/", comment_views.privacy_policy, name="privacy"),
    path("", include("articles.urls")),
]

handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images from the app itself: development, and `make serve` (production settings on one machine).
    # Production leaves this to nginx or object storage (deploy/nginx.conf). Django's static() helper is a no-op
    # with DEBUG off, hence the plain route.
    urlpatterns += [
        re_path(
            r"^" + re.escape(settings.MEDIA_URL.lstrip("/")) + r"(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
