"""The body editor: django-prose-editor (ProseMirror/Tiptap, its assets in its package) with the newsroom's own nodes.

static/articles/admin/body_editor.js builds the editor from the package's module, adds photos, galleries, videos and
the TCVN3/VNI converter, and talks to the JSON endpoints of articles/editor_admin.py. Without JavaScript it is the
plain textarea. Whatever it posts, articles/sanitize.py decides what is stored.
"""

import json

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

# Where the editor's photo picker asks for photos: {"results": [{"id", "thumb", "caption", "credit", "alt"}],
# "more": bool} for ?q= (and ?article=, the story being edited). The photo library's "admin:articles_photo_pick"
# answers the same JSON: pointing the picker at it is this one line.
PHOTO_PICK_URL = "admin:articles_photo_pick"
CONVERT_URL = "admin:articles_article_body_convert"
EMBED_URL = "admin:articles_article_body_embed"

# The editor's parts, as in django-prose-editor's extension names; articles/sanitize.py allows what they produce.
EXTENSIONS = [
    "Document", "Paragraph", "Text", "HardBreak", "Dropcursor", "Gapcursor", "History", "Menu",
    "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript",
    "Heading", "BulletList", "OrderedList", "ListItem", "Blockquote", "HorizontalRule", "Link",
    "Table", "TableRow", "TableHeader", "TableCell", "HTML", "TrailingNode",
]  # fmt: skip
HEADING_LEVELS = [2, 3, 4]  # the headline is the page's h1
LINK_PROTOCOLS = ["http", "https", "mailto", "tel"]


def editor_strings():
    """The editor's words in the active language, keyed by the English the package and our script use."""
    return {
        # django-prose-editor's buttons and dialogs
        "bold": _("Bold"),
        "italic": _("Italic"),
        "underline": _("Underline"),
        "strike": _("Strikethrough"),
        "subscript": _("Subscript"),
        "superscript": _("Superscript"),
        "paragraph": _("Paragraph"),
        "Paragraph": _("Paragraph"),
        "Heading 2": _("Heading"),
        "Heading 3": _("Subheading"),
        "Heading 4": _("Minor heading"),
        "Yes": _("Yes"),
        "No": _("No"),
        "heading 2": _("Heading"),
        "heading 3": _("Subheading"),
        "heading 4": _("Minor heading"),
        "unordered list": _("Bulleted list"),
        "ordered list": _("Numbered list"),
        "blockquote": _("Quote"),
        "horizontal rule": _("Horizontal line"),
        "insert link": _("Link"),
        "remove link": _("Remove link"),
        "undo": _("Undo"),
        "redo": _("Redo"),
        "edit HTML": _("HTML"),
        "Insert table": _("Insert table"),
        "Add column": _("Add column"),
        "Add row": _("Add row"),
        "Delete column": _("Delete column"),
        "Delete row": _("Delete row"),
        "Delete table": _("Delete table"),
        "Toggle header cell": _("Header cell on/off"),
        "Merge cells": _("Merge cells"),
        "Split cell": _("Split cell"),
        "Update": _("Update"),
        "Cancel": _("Cancel"),
        "URL": _("Address"),
        "Title": _("Title"),
        "Edit Link": _("Edit link"),
        "Edit HTML": _("Edit HTML"),
        "Prettify": _("Tidy up"),
        "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.": _(
            "The story's HTML. Only what the editor allows is kept, and the server cleans it again on saving."
        ),
        "Rows": _("Rows"),
        "Columns": _("Columns"),
        "Include header row": _("Header row"),
        "Table Properties": _("Table"),
        "Insert Table": _("Insert table"),
        "List properties": _("List properties"),
        "Start at": _("Start at"),
        "List type": _("List type"),
        "Toggle fullscreen": _("Full screen"),
        # our own
        "insertPhoto": _("Insert photo"),
        "insertGallery": _("Insert gallery"),
        "insertVideo": _("Insert video (YouTube, Facebook)"),
        "videoUrl": _("Video address"),
        "videoHelp": _("Paste the address of a YouTube or Facebook video. Other sites are not allowed."),
        "convertLegacy": _("Convert TCVN3/VNI"),
        "converted": _("Converted from TCVN3/VNI: %(count)s paragraph(s)."),
        "nothingToConvert": _("No paragraph typed in TCVN3 or VNI was found."),
        "search": _("Search photos"),
        "noPhotos": _("No photo of the library matches: upload photos under “Photo library” first."),
        "choose": _("Choose"),
        "gallery": _("Gallery"),
        "galleryPhotos": _("Gallery of %(count)s photos"),
        "video": _("Video"),
        "close": _("Close"),
        "error": _("The server did not answer. Try again."),
    }


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


class BodyEditorWidget(forms.Textarea):
    """The story body's editor; a plain textarea until its script starts."""

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "articles/admin/body_editor.css",
            ]
        }
        # A module that loads the package's editor.js itself (no import map: the admin's CSP allows no inline script).
        js = [forms.Script("articles/admin/body_editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 20, **(attrs or {})})
        self.article_id = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        config = {
            "extensions": EXTENSIONS,
            "headingLevels": HEADING_LEVELS,
            "linkProtocols": LINK_PROTOCOLS,
            "photoPickUrl": _url(PHOTO_PICK_URL),
            "convertUrl": _url(CONVERT_URL),
            "embedUrl": _url(EMBED_URL),
            "article": self.article_id,
            "strings": editor_strings(),
        }
        context["widget"]["attrs"]["data-body-editor"] = json.dumps(config, ensure_ascii=False)
        return context


class CommaTagWidget(forms.TextInput):
    """Tags as one line: "Hà Tĩnh, Xây dựng Đảng" (names with spaces stay whole)."""

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(getattr(tag, "name", str(tag)) for tag in value)
        return super().format_value(value)
