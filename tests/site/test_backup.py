"""Backups with standard tools: scripts/backup.sh, then scripts/restore.sh into an empty database, and all is back."""

import os
import stat
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


def test_backups_are_readable_by_their_owner_only(tmp_path, databases):
    """They hold e-mail addresses, IPs, password hashes and staff sessions: folders 700, files 600."""
    source, _ = databases
    backups = tmp_path / "backups"
    env = ops_support.base_env(DATABASE_URL=source.url(), MEDIA_ROOT=tmp_path / "media", BACKUP_DIR=backups)
    backups.mkdir(mode=0o755)
    backups.chmod(0o755)  # a folder left open by backups made before the rule
    previous = os.umask(0o022)  # the usual login umask: without care, everything is world-readable
    try:
        backup = Path(ops_support.run(["scripts/backup.sh"], env).stdout.strip().splitlines()[-1])
    finally:
        os.umask(previous)

    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    files = sorted(backup.iterdir())
    assert {path.name for path in files} >= {"media.tar.gz", "manifest.txt", "SHA256SUMS"}
    assert {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in files} == {
        path.name: "0o600" for path in files
    }
