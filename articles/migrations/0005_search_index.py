"""Trigram index on the folded search column, so the search page's LIKE/regex matching stays fast on PostgreSQL.

SQLite has no trigram index: there the same queries scan the column, which is fine at a small newsroom's size.
"""

from django.db import migrations

INDEX = "article_search_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_readership_and_pins"),
    ]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
