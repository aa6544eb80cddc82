#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database, then its media (docs/operations.md).
#   createdb newsroom_restored   # PostgreSQL: an empty database; SQLite: a path where no database exists yet
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_restored scripts/restore.sh var/backups/<time>
# Refuses a database that already has tables (or an existing SQLite file) and a backup whose checksums fail.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: scripts/restore.sh <backup folder>" >&2; exit 2; }
backup=$(cd "$1" && pwd)
source scripts/_database.sh

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: checksums do not match" >&2; exit 1; }
engine=$(sed -n 's/^engine=//p' "$backup/manifest.txt")
[ "$engine" = "$DB_ENGINE" ] || { echo "restore: backup is $engine, DATABASE_URL is $DB_ENGINE" >&2; exit 1; }

case "$DB_ENGINE" in
  postgresql)
    pg_env
    tables=$(psql --no-psqlrc --tuples-only --no-align \
      --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    [ "$tables" = "0" ] || { echo "restore: database $DB_NAME is not empty ($tables tables)" >&2; exit 1; }
    pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DB_NAME" "$backup/database.dump"
    ;;
  sqlite)
    [ -s "$DB_NAME" ] && { echo "restore: $DB_NAME already exists" >&2; exit 1; }
    mkdir -p "$(dirname "$DB_NAME")"
    "$PYTHON" - "$backup/db.sqlite3" "$DB_NAME" <<'PY'
import sqlite3, sys

source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
assert target.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
target.execute("PRAGMA journal_mode=WAL")
target.close()
source.close()
PY
    ;;
esac

mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" --no-same-owner -xzf "$backup/media.tar.gz"
echo "restored $backup into the $DB_ENGINE database $DB_NAME and $MEDIA_ROOT"
