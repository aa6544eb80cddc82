"""Indexes for "Tin liên quan": the stories carrying any of a page's tags or localities, read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_newsroom_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_story"),
        ),
        # Article.localities uses Django's automatic through table, which has no Meta to declare an index on: plain
        # SQL (the same on PostgreSQL and SQLite). The unique (article_id, locality_id) index serves the other way.
        migrations.RunSQL(
            "CREATE INDEX article_localities_locality_story ON articles_article_localities (locality_id, article_id)",
            "DROP INDEX article_localities_locality_story",
        ),
    ]
