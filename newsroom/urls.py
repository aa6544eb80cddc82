from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import preview
from comments import views as comment_views
from core import health

urlpatterns = [
    path("healthz/live", health.live, name="health_live"),
    path("healthz/ready", health.ready, name="health_ready"),
    path("quan-tri/bao-mat/", include("accounts.urls")),
    path("quan-tri/kiem-duyet/", include("comments.desk.urls")),
    path("quan-tri/", admin.site.urls),
    path("binh-luan/", include("comments.urls")),
    path("xem-truoc/<str:token>/", preview.signed_preview, name="article_preview"),
    path("chinh-sach-rieng-tu/", comment_views.privacy_policy, name="privacy"),
    path("", include("articles.urls")),
]

handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
