"""Find the strings Django's Vietnamese catalogs leave in English.

A msgid counts as missing when the English source catalog has it and the Vietnamese catalog
has it empty, marked fuzzy (gettext skips fuzzy entries) or not at all. newsroom/locale_gaps
(in LOCALE_PATHS, before Django's own) fills the gap; tests/test_i18n.py checks that it does.
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

import django

DJANGO_DIR = Path(django.__file__).resolve().parent

# Catalogs whose strings can reach a reader or an editor of this site: (locale dir, gettext domain).
CATALOGS = {
    "django": (DJANGO_DIR / "conf" / "locale", "django"),
    **{
        f"contrib.{app}": (DJANGO_DIR / "contrib" / app / "locale", "django")
        for app in ("admin", "auth", "contenttypes", "sessions", "redirects", "sites", "humanize")
    },
    # The admin's JavaScript (calendar, filters, "Show"/"Hide") reads this one through jsi18n.
    "contrib.admin (js)": (DJANGO_DIR / "contrib" / "admin" / "locale", "djangojs"),
}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self):
        # ngettext looks up (msgid, index), gettext plain msgid: a singular translation
        # does not serve a msgid that became plural ("Please correct the error below.").
        return (self.msgctxt, self.msgid, self.msgid_plural is not None)

    @property
    def translated(self):
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)


def _unquote(text):
    """Decode one quoted .po string ("..." with C escapes)."""
    return ast.literal_eval(text)


def parse_po(path):
    """Parse a .po file into a list of entries (header and obsolete #~ entries left out)."""
    entries = []
    entry = Entry()
    target = None  # (attribute name, index into msgstr or None)
    started = False

    def finish():
        nonlocal entry, started, target
        if started and entry.msgid:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if started and target and target[0] == "msgstr":
                finish()
            entry.fuzzy = entry.fuzzy or "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = _unquote(line)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        if keyword in {"msgctxt", "msgid"} and started and target and target[0] == "msgstr":
            finish()  # a new entry without a blank line before it
        started = True
        value = _unquote(rest)
        if keyword == "msgctxt":
            entry.msgctxt, target = value, ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid, target = value, ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, ("msgid_plural", None)
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            entry.msgstr.append(value)
            target = ("msgstr", len(entry.msgstr) - 1)
        else:
            raise ValueError(f"{path}: cannot parse line {raw!r}")
    finish()
    return entries


def missing_entries(locale_dir, language="vi", domain="django"):
    """Entries of the English catalog under locale_dir that the `language` catalog does not translate."""
    source = parse_po(Path(locale_dir) / "en" / "LC_MESSAGES" / f"{domain}.po")
    target_path = Path(locale_dir) / language / "LC_MESSAGES" / f"{domain}.po"
    translated = {entry.key for entry in parse_po(target_path) if entry.translated} if target_path.exists() else set()
    return [entry for entry in source if entry.key not in translated]


def missing_django_vi():
    """{catalog name: [missing entries]} for Django core and the contrib apps this site uses."""
    return {name: missing_entries(locale_dir, domain=domain) for name, (locale_dir, domain) in CATALOGS.items()}
