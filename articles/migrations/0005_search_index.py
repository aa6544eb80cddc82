"""Full-text index on the folded search column, so reader search stays fast on PostgreSQL (see articles/search.py).

The words of `search_text` are its runs of a-z0-9 (it is already folded): `article_search_words()` turns every
other character into a space and builds a 'simple' tsvector, so PostgreSQL matches exactly the words the regex on
SQLite matches. It is PL/pgSQL with a high COST on purpose: PostgreSQL then answers from the GIN index and never
recomputes the words row by row while walking stories by date. SQLite has no index: the regex scans the column.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION article_search_words(folded text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
BEGIN
    RETURN to_tsvector('simple'::regconfig, regexp_replace(folded, '[^a-z0-9]+', ' ', 'g'));
END
$$
"""
INDEX = "article_search_words"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_trgm")  # an earlier draft of this migration
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (article_search_words(search_text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS article_search_words(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_readership_and_pins"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
