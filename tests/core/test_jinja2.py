"""The Jinja2 templates (templates/jinja2/) escape, translate and link as Django templates do."""

from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_values_are_escaped_and_django_safe_strings_are_kept():
    assert render("{{ x }}", x="<b>&") == "&lt;b&gt;&amp;"
    assert render("{{ x }}", x=mark_safe("<b>ok</b>")) == "<b>ok</b>"


def test_texts_come_from_djangos_catalog():
    assert render('{{ _("Reply") }}') == "Trả lời"
    assert render('{{ pgettext("comment status", "Awaiting moderation") }}') == "Đang chờ biên tập"
    assert render("{{ ngettext('%(counter)s comment', '%(counter)s comments', 3, counter=3) }}") == "3 bình luận"
    with translation.override("en"):
        assert render('{{ _("Reply") }}') == "Reply"


def test_url_and_static_helpers_are_djangos():
    assert render('{{ url("comments:page", 7, 2) }}') == "/binh-luan/7/trang/2/"
    assert render('{{ static("js/comments.js") }}').endswith(".js")


def test_line_breaks_become_br_after_escaping():
    assert render("{{ x|linebreaksbr }}", x="a <i>\r\nb\rc") == "a &lt;i&gt;<br>b<br>c"


def test_regroup_keeps_the_order_of_consecutive_items():
    from core.jinja2 import regroup

    class Month:
        def __init__(self, year, month):
            self.year, self.month = year, month

    months = [Month(2026, 2), Month(2026, 1), Month(2025, 12)]
    grouped = [(year, [m.month for m in group]) for year, group in regroup(months, "year")]
    assert grouped == [(2026, [2, 1]), (2025, [12])]


def test_make_messages_finds_every_string_of_the_jinja2_templates():
    """Django's own makemessages reads only a bare _("…") in them: ours reads them with Jinja2's extractor."""
    from django.conf import settings

    from core.management.commands.makemessages import jinja2_dirs, jinja2_messages, pot_entries

    messages = jinja2_messages(jinja2_dirs(), settings.BASE_DIR)
    assert ("comment status", "Awaiting moderation", None) in messages
    assert (None, "%(counter)s more story", "%(counter)s more stories") in messages
    assert (None, "Page %(number)s", None) in messages  # _("Page %(number)s", number=…): the value is no msgid
    pot = pot_entries({(None, 'Say "hi"', None): ["templates/jinja2/x.html:3"]})
    assert pot == '#: templates/jinja2/x.html:3\nmsgid "Say \\"hi\\""\nmsgstr ""\n'


def test_every_string_a_reader_sees_is_in_vietnamese():
    from django.conf import settings

    from core.management.commands.makemessages import jinja2_dirs, jinja2_messages

    untranslated = []
    with translation.override("vi"):
        for context, msgid, plural in jinja2_messages(jinja2_dirs(), settings.BASE_DIR):
            if plural is not None:
                text = translation.ngettext(msgid, plural, 1)
            elif context is not None:
                text = translation.pgettext(context, msgid)
            else:
                text = translation.gettext(msgid)
            if text == msgid:
                untranslated.append(msgid)
    assert untranslated == []
