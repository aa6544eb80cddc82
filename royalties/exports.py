"""A month's statements as CSV and XLSX (openpyxl): one row per author's part of a work, then the totals."""

import csv
import io

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text a spreadsheet must not run as a formula (a headline starting with "=")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def headers():
    return [
        _("Author"),
        _("Staff or collaborator"),
        _("Story"),
        _("Work"),
        _("Section"),
        _("Published"),
        _("Genre"),
        _("Coefficient"),
        _("Share (%)"),
        _("Royalty of the work (đồng)"),
        _("Amount (đồng)"),
    ]


def rows(data):
    for statement in data.statements():
        kind = _("Collaborator") if statement.is_collaborator else _("Staff")
        for line in statement.lines:
            work = line.work
            yield [
                statement.author.pen_name,
                kind,
                work.article.headline,
                work.label or work.get_kind_display(),
                work.article.section.name,
                date_format(localtime(work.article.published_at), "d/m/Y"),
                work.genre.name,
                work.coefficient,
                line.percent,
                line.work_amount,
                line.amount,
            ]


def as_csv(data):
    """UTF-8 with a byte-order mark, so that Excel reads the Vietnamese right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows(data):
        writer.writerow([_cell(value) for value in row])
    writer.writerow([_("Total")] + [""] * 9 + [data.total])
    return out.getvalue().encode("utf-8")


def as_xlsx(data):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statements")
    sheet.append(headers())
    for row in rows(data):
        sheet.append([_cell(value) for value in row])
    sheet.append([_("Total")] + [None] * 9 + [data.total])
    for cell in sheet[1] + sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("J", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0"

    authors = book.create_sheet(_("By author"))
    authors.append([_("Author"), _("Staff or collaborator"), _("Works"), _("Amount (đồng)")])
    for statement in data.statements():
        kind = _("Collaborator") if statement.is_collaborator else _("Staff")
        authors.append([_cell(statement.author.pen_name), kind, len(statement.lines), statement.total])
    authors.append([_("Total"), None, None, data.total])

    sections = book.create_sheet(_("By section"))
    sections.append([_("Section"), _("Works"), _("Amount (đồng)")])
    for section, works, total in data.by_section():
        sections.append([_cell(section.name), works, total])
    sections.append([_("Total"), None, data.total])
    for extra in (authors, sections):
        for cell in extra[1] + extra[extra.max_row]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
