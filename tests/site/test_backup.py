"""Backups with standard tools: scripts/backup.sh, then scripts/restore.sh into an empty database, and all is back."""

import subprocess
from pathlib import Path

import pytest

from tests import ops_support

SEED = """
from tests.factories import ArticleFactory, CommentFactory
from comments.models import Comment
for n in range(3):
    article = ArticleFactory(headline=f"Lũ về Hương Khê, bài {n}")
    CommentFactory(article=article, body=f"Bà con cần hỗ trợ gấp ({n}).")
    CommentFactory(article=article, body=f"Cảm ơn phóng viên ({n}).", status=Comment.Status.APPROVED)
print("ok")
"""
STORIES = "SELECT id, headline, slug, status FROM articles_article ORDER BY id"
COMMENTS = "SELECT id, article_id, name, email, body, status FROM comments_comment ORDER BY id"

pytestmark = pytest.mark.slow  # pg_dump / sqlite3 backups of a live database


@pytest.fixture
def databases(tmp_path):
    source = ops_support.LiveDatabase(tmp_path)
    target = ops_support.LiveDatabase(tmp_path, migrated=False)  # empty: no tables at all
    yield source, target
    source.drop()
    target.drop()


def test_backup_then_restore_into_an_empty_database_brings_everything_back(tmp_path, databases):
    source, target = databases
    media = tmp_path / "media"
    (media / "covers" / "2025" / "01").mkdir(parents=True)
    photo = media / "covers" / "2025" / "01" / "lu-huong-khe.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG, but bytes to bring back")
    env = ops_support.base_env(DATABASE_URL=source.url(), MEDIA_ROOT=media, BACKUP_DIR=tmp_path / "backups")
    ops_support.django_python(env, SEED)

    backup = ops_support.run(["scripts/backup.sh"], env).stdout.strip().splitlines()[-1]
    restored_media = tmp_path / "restored-media"
    restore_env = ops_support.base_env(DATABASE_URL=target.url(), MEDIA_ROOT=restored_media)
    ops_support.run(["scripts/restore.sh", backup], restore_env)

    assert len(target.query(STORIES)) == 3
    assert len(target.query(COMMENTS)) == 6
    assert target.query(STORIES) == source.query(STORIES)
    assert target.query(COMMENTS) == source.query(COMMENTS)
    assert (restored_media / "covers" / "2025" / "01" / "lu-huong-khe.jpg").read_bytes() == photo.read_bytes()
    # The schema came back whole: Django finds no migration to apply.
    ops_support.run([ops_support.PYTHON, "manage.py", "migrate", "--check"], restore_env)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, databases):
    source, _ = databases
    env = ops_support.base_env(DATABASE_URL=source.url(), MEDIA_ROOT=tmp_path / "media", BACKUP_DIR=tmp_path / "b")
    backup = ops_support.run(["scripts/backup.sh"], env).stdout.strip().splitlines()[-1]

    result = subprocess.run(
        ["scripts/restore.sh", backup], cwd=ops_support.ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "not empty" in result.stderr or "already exists" in result.stderr


def test_restore_refuses_a_damaged_backup(tmp_path, databases):
    source, target = databases
    env = ops_support.base_env(DATABASE_URL=source.url(), MEDIA_ROOT=tmp_path / "media", BACKUP_DIR=tmp_path / "b")
    backup = ops_support.run(["scripts/backup.sh"], env).stdout.strip().splitlines()[-1]
    with open(f"{backup}/media.tar.gz", "ab") as damaged:
        damaged.write(b"\0")

    restore_env = ops_support.base_env(DATABASE_URL=target.url(), MEDIA_ROOT=tmp_path / "restored")
    result = subprocess.run(
        ["scripts/restore.sh", backup], cwd=ops_support.ROOT, env=restore_env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    if target.postgresql:
        assert target.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    else:
        assert not Path(target.name).exists()
