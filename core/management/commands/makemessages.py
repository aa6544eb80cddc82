"""Django's makemessages, plus the msgids of the Jinja2 templates (templates/jinja2/, every page a reader sees).

Django reads templates with its own lexer, which finds only a bare `_("…")` in a Jinja2 template: `ngettext()`,
`pgettext()` and `_("…", name=…)` would be missed and --no-obsolete would drop their translations. Here Django's
pass skips templates/jinja2/, and Jinja2's own extractor (the one Babel uses) adds every `_()`, `gettext()`,
`ngettext()`, `pgettext()` and `npgettext()` of those templates to the .pot before Django merges it into the .po.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.core.management.utils import popen_wrapper
from jinja2 import Environment
from jinja2.ext import GETTEXT_FUNCTIONS, extract_from_ast


def jinja2_dirs():
    """The DIRS of every Jinja2 engine in TEMPLATES."""
    return [
        Path(directory)
        for engine in settings.TEMPLATES
        if engine["BACKEND"].endswith(".Jinja2")
        for directory in engine.get("DIRS", [])
    ]


def _po_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def jinja2_messages(directories, base):
    """{(context, msgid, msgid_plural): ["path:line", …]} of every translatable string of the templates in them."""
    environment = Environment(extensions=["jinja2.ext.i18n"])
    found = {}
    for directory in directories:
        for path in sorted(Path(directory).rglob("*")):
            if not path.is_file():
                continue
            source = path.read_text(encoding="utf-8")
            where = os.path.relpath(path, base)
            for line, function, strings in extract_from_ast(
                environment.parse(source, name=where), GETTEXT_FUNCTIONS, babel_style=True
            ):
                strings = strings if isinstance(strings, tuple) else (strings,)
                if function in ("pgettext", "npgettext"):
                    context, strings = strings[0], strings[1:]
                else:
                    context = None
                if not strings or not isinstance(strings[0], str):
                    continue  # a variable, not a literal: nothing to translate here
                plural = strings[1] if function in ("ngettext", "npgettext") and len(strings) > 1 else None
                found.setdefault((context, strings[0], plural), []).append(f"{where}:{line}")
    return found


def pot_entries(messages):
    """The messages as .pot entries (python-format where they take named values, as Django's own would be)."""
    entries = []
    for (context, msgid, plural), places in sorted(messages.items(), key=lambda item: item[1][0]):
        lines = [f"#: {place}" for place in places]
        if "%(" in msgid or (plural and "%(" in plural):
            lines.append("#, python-format")
        if context is not None:
            lines.append(f"msgctxt {_po_string(context)}")
        lines.append(f"msgid {_po_string(msgid)}")
        if plural is not None:
            lines += [f"msgid_plural {_po_string(plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines.append('msgstr ""')
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


class Command(makemessages.Command):
    help = makemessages.Command.help + " Jinja2 templates (templates/jinja2/) are read with Jinja2's extractor."

    def find_files(self, root):
        skipped = [os.path.abspath(directory) + os.sep for directory in jinja2_dirs()]
        return [
            found for found in super().find_files(root) if not os.path.abspath(found.path).startswith(tuple(skipped))
        ]

    def build_potfiles(self):
        potfiles = super().build_potfiles()
        if self.domain != "django":
            return potfiles
        messages = jinja2_messages(jinja2_dirs(), settings.BASE_DIR)
        potfile = os.path.join(self.default_locale_path, f"{self.domain}.pot")
        if not messages or potfile not in potfiles:
            return potfiles
        with tempfile.NamedTemporaryFile("w", suffix=".pot", encoding="utf-8", delete=False) as extra:
            extra.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + pot_entries(messages))
        try:
            args = ["msgcat", "--use-first", *self.msguniq_options, "-o", potfile, potfile, extra.name]
            _, errors, status = popen_wrapper(args)
            if status != 0:
                raise CommandError(f"errors happened while running msgcat\n{errors}")
        finally:
            os.unlink(extra.name)
        return potfiles
