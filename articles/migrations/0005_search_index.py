"""PostgreSQL keeps the words of each story's folded text in a stored, indexed tsvector, for reader search.

`search_vector` is a generated column: PostgreSQL fills it from `search_text` on every write, so Django never
sees or writes it (it is not a model field, and no other code needs it). Its words are exactly the a-z0-9 runs
of the folded text (every other character becomes a space), the same words SQLite's regex matches; see
articles/search.py. A stored column, unlike an index on the expression, gives the planner honest costs: checking
one story is cheap, so walking stories newest first for a common word and using the GIN index for a rare one are
both safe. SQLite: nothing to do, the regex scans the column.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "article_search_vector"
EXPRESSION = "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^a-z0-9]+', ' ', 'g'))"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin ({COLUMN})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_readership_and_pins"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
