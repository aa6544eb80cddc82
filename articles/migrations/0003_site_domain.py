"""Site 1 carries the public domain, so "view on site" links and legacy redirects point at the real host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def set_site_domain(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    _, created = Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": "Tòa soạn"}
    )
    if created:
        # An explicit primary key does not advance PostgreSQL's sequence; the next new Site would collide.
        from django.core.management.color import no_style

        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_image"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(set_site_domain, migrations.RunPython.noop)]
