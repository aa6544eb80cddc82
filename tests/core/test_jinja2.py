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
