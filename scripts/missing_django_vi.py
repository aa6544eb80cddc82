#!/usr/bin/env python
"""Print the msgids Django's Vietnamese catalogs leave untranslated (core + the contrib apps we use).

Usage: .venv/bin/python scripts/missing_django_vi.py [--po]
With --po, print .po stubs (empty msgstr) ready to translate into newsroom/locale/vi/LC_MESSAGES/django.po.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.i18n_audit import missing_django_vi  # noqa: E402


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(argv):
    as_po = "--po" in argv
    total = 0
    for catalog, entries in missing_django_vi().items():
        total += len(entries)
        print(f"# {catalog}: {len(entries)} missing")
        for entry in entries:
            if as_po:
                if entry.msgctxt is not None:
                    print(f"msgctxt {quote(entry.msgctxt)}")
                print(f"msgid {quote(entry.msgid)}")
                if entry.msgid_plural is not None:
                    print(f"msgid_plural {quote(entry.msgid_plural)}")
                    print('msgstr[0] ""')
                else:
                    print('msgstr ""')
                print()
            else:
                context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
                plural = f" | {entry.msgid_plural!r}" if entry.msgid_plural else ""
                print(f"  {context}{entry.msgid!r}{plural}")
    print(f"# total: {total} missing")


if __name__ == "__main__":
    main(sys.argv[1:])
