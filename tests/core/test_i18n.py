"""No reader or editor meets English: Django's and django-taggit's gaps are filled in Vietnamese."""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import taggit
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import FileExtensionValidator
from django.utils import translation
from django.utils.translation import trans_real
from taggit.forms import TagField
from taggit.managers import TaggableManager

from core.i18n_audit import CATALOGS, missing_django_vi, parse_po

BASE_DIR = Path(__file__).resolve().parents[2]
# Our own strings (rewritten by `make messages`) and, by hand, the ones Django and django-taggit leave in English.
LOCALE_DIRS = [BASE_DIR / "newsroom" / "locale", BASE_DIR / "newsroom" / "locale_gaps"]
PO_FILES = sorted(path for d in LOCALE_DIRS for path in (d / "vi" / "LC_MESSAGES").glob("*.po"))
TAGGIT_EN = Path(taggit.__file__).parent / "locale" / "en" / "LC_MESSAGES"

# Correct Vietnamese that is spelled like the English: the catalog must still have them (see below).
SAME_IN_VIETNAMESE = {"IPv4", "IPv6", ", ", "…", "%(truncated_text)s…"}
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sdr]|\{[a-z_0-9]*\}")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def error_of(field, value):
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    return " ".join(caught.value.messages)


def test_null_character_in_a_text_field():
    class Form(forms.Form):
        name = forms.CharField()

    form = Form(data={"name": "Hà\x00Tĩnh"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Không được phép chứa ký tự null."]


def test_file_with_a_forbidden_extension():
    class Form(forms.Form):
        document = forms.FileField(validators=[FileExtensionValidator(["pdf", "docx"])])

    form = Form(data={}, files={"document": SimpleUploadedFile("bao-cao.exe", b"MZ")})
    assert not form.is_valid()
    assert form.errors["document"] == [
        "Không chấp nhận tệp có phần mở rộng “exe”. Các phần mở rộng được phép: pdf, docx."
    ]


def test_paginator_errors():
    paginator = Paginator(list(range(30)), 10)
    with pytest.raises(PageNotAnInteger, match="^Số trang đó không phải là số nguyên$"):
        paginator.validate_number("hai")
    with pytest.raises(EmptyPage, match="^Số trang đó nhỏ hơn 1$"):
        paginator.validate_number(0)
    with pytest.raises(EmptyPage, match="^Trang đó không có kết quả nào$"):
        paginator.validate_number(9)


def reject_every_tag_string(value):
    raise ValueError(value)


def test_taggit_field_errors_and_help(settings):
    assert error_of(TagField(), "Hà\x00Tĩnh") == "Không được phép chứa ký tự null."
    # taggit's own message appears when the configured parser refuses the input.
    settings.TAGGIT_TAGS_FROM_STRING = f"{__name__}.reject_every_tag_string"
    assert error_of(TagField(), "Hà Tĩnh") == "Vui lòng nhập danh sách thẻ, cách nhau bằng dấu phẩy."
    assert str(TaggableManager().help_text) == "Danh sách thẻ, cách nhau bằng dấu phẩy."


def test_humanize_speaks_vietnamese():
    from django.contrib.humanize.templatetags.humanize import ordinal

    assert ordinal(1) == "thứ 1"
    assert ordinal(12) == "thứ 12"


@pytest.mark.django_db
def test_admin_login_page_is_in_vietnamese(client):
    response = client.get("/quan-tri/login/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in page
    for text in ("Tên đăng nhập", "Mật khẩu", "Đăng nhập", "Chuyển đến nội dung chính"):
        assert text in page
    for english in ("Skip to main content", "Username:", "Password:", "Log in", "Toggle theme"):
        assert english not in page


@pytest.mark.django_db
def test_admin_javascript_catalog_is_in_vietnamese(admin_client):
    response = admin_client.get("/quan-tri/jsi18n/")
    script = response.content.decode("utf-8")
    assert response.status_code == 200
    for text in ("Chủ nhật", "Chọn tất cả %s", "Hôm nay (%(date)s)"):
        assert json.dumps(text) in script  # the catalog is JSON with \u escapes


def test_finder_reports_the_known_gaps_of_django():
    missing = missing_django_vi()
    core = {entry.msgid for entry in missing["django"]}
    assert {"Null characters are not allowed.", "That page contains no results"} <= core
    # A plural msgid whose Vietnamese entry is still singular is a gap too (ngettext would miss it).
    assert "Please correct the error below." in {entry.msgid for entry in missing["contrib.admin"]}
    # Translated entries are not reported.
    assert "Enter a valid email address." not in core


@pytest.mark.slow  # a fresh interpreter
def test_script_prints_the_gaps():
    result = subprocess.run(
        [sys.executable, "scripts/missing_django_vi.py"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "'Null characters are not allowed.'" in result.stdout
    assert "# contrib.humanize:" in result.stdout


def gettext_in(catalog, entry):
    if entry.msgid_plural is not None:
        if entry.msgctxt is not None:
            return catalog.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
        return catalog.ngettext(entry.msgid, entry.msgid_plural, 2)
    if entry.msgctxt is not None:
        return catalog.pgettext(entry.msgctxt, entry.msgid)
    return catalog.gettext(entry.msgid)


def catalog_for(name):
    """The merged Vietnamese catalog Django uses for this Django catalog (admin JS goes through jsi18n)."""
    locale_dir, domain = CATALOGS[name]
    if domain == "django":
        return trans_real.translation("vi")
    return trans_real.DjangoTranslation("vi", domain=domain, localedirs=[str(locale_dir)])


def ours(domain):
    return {(e.msgctxt, e.msgid): e for po in PO_FILES if po.stem == domain for e in parse_po(po)}


@pytest.mark.parametrize("name", list(CATALOGS))
def test_every_gap_in_django_is_translated(name):
    """Fails when a Django upgrade brings strings our catalog does not translate yet."""
    mine = ours(CATALOGS[name][1])
    catalog = catalog_for(name)
    untranslated = []
    for entry in missing_django_vi()[name]:
        text = gettext_in(catalog, entry)
        if entry.msgid in SAME_IN_VIETNAMESE:
            ok = (entry.msgctxt, entry.msgid) in mine
        else:
            ok = text not in (entry.msgid, entry.msgid_plural)
        if not ok:
            untranslated.append(entry.msgid)
    assert untranslated == []


def test_every_taggit_string_is_translated():
    entries = parse_po(TAGGIT_EN / "django.po")
    assert len(entries) >= 16
    catalog = trans_real.translation("vi")
    assert [entry.msgid for entry in entries if gettext_in(catalog, entry) == entry.msgid] == []


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: f"{po.parents[2].name}/{po.name}")
def test_translations_keep_placeholders(po):
    wrong = []
    for entry in parse_po(po):
        expected = Counter(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr:
            if Counter(PLACEHOLDER.findall(text)) != expected:
                wrong.append(entry.msgid)
    assert wrong == []


def test_compiled_catalogs_are_up_to_date():
    assert len(PO_FILES) == 3
    for po in PO_FILES:
        mo = po.with_suffix(".mo")
        result = subprocess.run(["msgfmt", "-c", "-o", "-", str(po)], capture_output=True, timeout=60)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == mo.read_bytes(), f"{mo.name} is stale: run msgfmt -o {mo} {po}"


def test_vietnamese_is_the_only_language():
    assert settings.LANGUAGE_CODE == "vi"
    assert [str(path) for path in settings.LOCALE_PATHS] == [str(path) for path in LOCALE_DIRS]
