"""The body editor: a small contenteditable toolbar over a plain textarea (works without JavaScript too)."""

import json

from django import forms
from django.utils.translation import gettext as _


def editor_labels():
    """Toolbar labels in the active language, handed to the script as JSON."""
    return {
        "paragraph": _("Paragraph"),
        "heading2": _("Heading"),
        "heading3": _("Subheading"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "bulletList": _("Bulleted list"),
        "numberedList": _("Numbered list"),
        "quote": _("Quote"),
        "link": _("Link"),
        "unlink": _("Remove link"),
        "clear": _("Clear formatting"),
        "source": _("HTML"),
        "insertImage": _("Insert photo…"),
        "noImages": _("The photo library is empty: upload photos there first."),
        "linkPrompt": _("Link address (https://…)"),
        "badLink": _("Only http, https and mailto links are allowed."),
    }


class RichTextWidget(forms.Textarea):
    """A textarea that admin/editor.js turns into a WYSIWYG editor; the server sanitises whatever arrives."""

    class Media:
        css = {"all": ["articles/admin/editor.css"]}
        js = ["articles/admin/editor.js"]

    def __init__(self, attrs=None, images=()):
        super().__init__(attrs={"rows": 20, **(attrs or {})})
        self.images = list(images)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-rich-text": "",
                "data-labels": json.dumps(editor_labels(), ensure_ascii=False),
                "data-images": json.dumps(self.images, ensure_ascii=False),
            }
        )
        return context


class CommaTagWidget(forms.TextInput):
    """Tags as one line: "Hà Tĩnh, Xây dựng Đảng" (names with spaces stay whole)."""

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(getattr(tag, "name", str(tag)) for tag in value)
        return super().format_value(value)
