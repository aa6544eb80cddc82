# Sourced by backup.sh and restore.sh: where things are, read the way newsroom/settings.py reads them.
# Sets DB_ENGINE (postgresql|sqlite), DB_NAME, DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_SSLMODE, MEDIA_ROOT.
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=$(command -v python3)
VAR_DIR=${VAR_DIR:-$PWD/var}
MEDIA_ROOT=${MEDIA_ROOT:-$VAR_DIR/media}

eval "$(DATABASE_URL="${DATABASE_URL:-sqlite:///$VAR_DIR/db.sqlite3}" "$PYTHON" - <<'PY'
import os, shlex
from core.env import database_from_url

db = database_from_url(os.environ["DATABASE_URL"])
values = {
    "DB_ENGINE": db["ENGINE"].rsplit(".", 1)[-1].replace("sqlite3", "sqlite"),
    "DB_NAME": str(db["NAME"]),
    "DB_HOST": db.get("HOST", ""),
    "DB_PORT": str(db.get("PORT", "")),
    "DB_USER": db.get("USER", ""),
    "DB_PASSWORD": db.get("PASSWORD", ""),
    "DB_SSLMODE": db.get("OPTIONS", {}).get("sslmode", ""),
}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
PY
)"

# libpq reads these, so pg_dump, pg_restore and psql need no password on the command line.
pg_env() {
  export PGDATABASE="$DB_NAME"
  [ -n "$DB_HOST" ] && export PGHOST="$DB_HOST"
  [ -n "$DB_PORT" ] && export PGPORT="$DB_PORT"
  [ -n "$DB_USER" ] && export PGUSER="$DB_USER"
  [ -n "$DB_PASSWORD" ] && export PGPASSWORD="$DB_PASSWORD"
  [ -n "$DB_SSLMODE" ] && export PGSSLMODE="$DB_SSLMODE"
  return 0
}
