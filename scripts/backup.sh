#!/usr/bin/env bash
# Back up everything the site cannot rebuild: the database and the media folder (docs/operations.md).
#   scripts/backup.sh            -> var/backups/<UTC time>/{database.dump|db.sqlite3, media.tar.gz, manifest.txt, SHA256SUMS}
# Reads DATABASE_URL, MEDIA_ROOT and VAR_DIR like the site does; BACKUP_DIR (default var/backups) and
# BACKUP_KEEP (keep that many newest backups, 0 = keep all) say where backups go and how many stay.
# Safe while the site is serving: pg_dump takes a consistent snapshot, SQLite's backup API a consistent copy.
# Backups hold e-mail addresses, IPs, password hashes and live staff sessions: only their owner may read them
# (folders 700, files 600, whatever the caller's umask).
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."
source scripts/_database.sh

BACKUP_DIR=${BACKUP_DIR:-$VAR_DIR/backups}
BACKUP_KEEP=${BACKUP_KEEP:-0}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$BACKUP_DIR/$stamp"
partial="$BACKUP_DIR/.partial-$stamp-$$"
[ -e "$final" ] && { echo "backup: $final already exists" >&2; exit 1; }
mkdir -p "$partial"
chmod 700 "$BACKUP_DIR" "$partial"  # also closes a folder left open by backups made before this rule
trap 'rm -rf "$partial"' EXIT

case "$DB_ENGINE" in
  postgresql)
    pg_env
    pg_dump --format=custom --no-owner --no-privileges --file="$partial/database.dump"
    db_file=database.dump
    ;;
  sqlite)
    [ -f "$DB_NAME" ] || { echo "backup: no SQLite database at $DB_NAME" >&2; exit 1; }
    "$PYTHON" - "$DB_NAME" "$partial/db.sqlite3" <<'PY'
import sqlite3, sys

source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # a consistent copy even while the site writes (WAL)
assert target.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
target.close()
source.close()
PY
    db_file=db.sqlite3
    ;;
  *) echo "backup: unsupported database engine $DB_ENGINE" >&2; exit 1 ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$partial/media.tar.gz" .
else
  tar -czf "$partial/media.tar.gz" -T /dev/null
fi

{
  echo "engine=$DB_ENGINE"
  echo "database=$db_file"
  echo "created=$stamp"
  echo "media_files=$(tar -tzf "$partial/media.tar.gz" | grep -vc '/$' || true)"
} > "$partial/manifest.txt"
(cd "$partial" && sha256sum "$db_file" media.tar.gz manifest.txt > SHA256SUMS)
chmod 600 "$partial"/*

mv "$partial" "$final"
trap - EXIT

if [ "$BACKUP_KEEP" -gt 0 ]; then
  ls -1d "$BACKUP_DIR"/*T*Z 2>/dev/null | sort -r | tail -n +"$((BACKUP_KEEP + 1))" | while read -r old; do
    rm -rf -- "$old"
  done
fi
echo "$final"
