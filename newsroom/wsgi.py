import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - once Django is set up

from core.pagecache import PageCacheApplication  # noqa: E402

# Page-cache hits are answered before Django's handler (core/pagecache.py says why); the rest goes on to it. Where
# the app compresses its own pages (GZIP_PAGES, make serve), hits go through GZipMiddleware like every page.
application = django_application if settings.GZIP_PAGES else PageCacheApplication(django_application)
