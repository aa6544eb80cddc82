"""The grading page, the statements, their exports and closing a month: thin views over royalties.models."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from articles.models import Author, Section
from royalties import exports, money, statements
from royalties.forms import GradeForm
from royalties.models import Genre, Month, MonthClosed, Work, authors_by_credit_name

GRADE = "royalties.grade_work"
CLOSE = "royalties.close_month"
MAX_ROWS = 100  # one page of forms; filters narrow a bigger month


def _month(request):
    data = request.POST if request.method == "POST" else request.GET
    return money.parse_month(data.get("thang")) or money.month_start(timezone.now())


def _number(data, name):
    value = (data.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _filters(request, month):
    data = request.POST if request.method == "POST" else request.GET
    found = {"thang": f"{month:%Y-%m}"}
    for name in ("chuyen-muc", "tac-gia"):
        value = _number(data, name)
        if value is not None:
            found[name] = value
    if data.get("da-cham") == "1":
        found["da-cham"] = "1"
    return found


def _url(name, filters):
    return reverse(name) + "?" + urlencode(filters)


def _month_links(month):
    previous = money.month_start(month - timedelta(days=1))
    return {"previous": f"{previous:%Y-%m}", "next": f"{money.next_month(month):%Y-%m}"}


@staff_member_required
@permission_required(GRADE, raise_exception=True)
def grade(request):
    """The month's published works with a grade form each; saving grades every filled row or none."""
    month = _month(request)
    filters = _filters(request, month)
    state = Month.state(month)
    works = Work.objects.in_month(month).for_grading()
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("works") if pk.isdigit() and len(pk) < 10]
        works = works.filter(pk__in=ids[:MAX_ROWS])
    else:
        if "da-cham" not in filters:
            works = works.ungraded()
        if "chuyen-muc" in filters:
            section = filters["chuyen-muc"]
            works = works.filter(Q(article__section_id=section) | Q(article__section__parent_id=section))
        if "tac-gia" in filters:
            author = filters["tac-gia"]
            works = works.filter(Q(article__bylines__author_id=author) | Q(shares__author_id=author)).distinct()
    works = list(works[: MAX_ROWS + 1])
    more = len(works) > MAX_ROWS
    works = works[:MAX_ROWS]
    genres = {genre.pk: genre for genre in Genre.objects.all()}
    authors = {author.pk: author for author in Author.objects.order_by("pen_name")}
    by_name = authors_by_credit_name(authors.values())
    forms = []
    for work in works:
        shares = [(share.author, share.percent) for share in work.shares.all()]
        initial = {}
        if work.graded_at:
            initial = {"genre": work.genre_id, "coefficient": work.coefficient, "note": work.note}
        form = GradeForm(
            request.POST if request.method == "POST" else None,
            prefix=f"w{work.pk}",
            initial=initial,
            work=work,
            genres=genres,
            authors=authors,
            defaults=shares or work.default_shares(by_name),
        )
        if state.is_closed:
            for field in form.fields.values():
                field.disabled = True
        forms.append(form)

    if request.method == "POST":
        if state.is_closed:
            messages.error(request, _("This month is closed: its grades can no longer change."))
            return HttpResponseRedirect(_url("royalties:grade", filters))
        if all(form.is_valid() for form in forms):
            try:
                changed = Work.objects.grade(request.user, [form.grade for form in forms if form.grade])
            except MonthClosed:
                messages.error(request, _("This month is closed: its grades can no longer change."))
                return HttpResponseRedirect(_url("royalties:grade", filters))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, ngettext("%(n)d work graded.", "%(n)d works graded.", changed) % {"n": changed}
                )
                return HttpResponseRedirect(_url("royalties:grade", filters))
        else:
            messages.error(request, _("Nothing was saved: correct the rows marked below."))

    context = {
        **admin_site.each_context(request),
        "title": _("Grading royalties for %(month)s") % {"month": f"{month:%m/%Y}"},
        "month": month,
        "state": state,
        "filters": filters,
        "section_id": filters.get("chuyen-muc"),
        "author_filter": filters.get("tac-gia"),
        "show_graded": "da-cham" in filters,
        "forms": forms,
        "more": more,
        "max_rows": MAX_ROWS,
        "sections": Section.objects.order_by("position", "name"),
        "authors": authors.values(),
        "genres": genres.values(),
        "unit_value": state.current_unit_value(),
        "months": _month_links(month),
    }
    return render(request, "royalties/grade.html", context)


@staff_member_required
@permission_required(GRADE, raise_exception=True)
@require_GET
def statement_list(request):
    """The month's statements: totals per author and per section, or one author's statement (?tac-gia=)."""
    month = _month(request)
    data = statements.for_month(month)
    author_id = _number(request.GET, "tac-gia")
    statement = data.statement_of(author_id) if author_id is not None else None
    context = {
        **admin_site.each_context(request),
        "title": _("Royalty statements for %(month)s") % {"month": f"{month:%m/%Y}"},
        "month": month,
        "data": data,
        "statement": statement,
        "author_id": author_id,
        "statements": data.statements() if statement is None else [],
        "sections": data.by_section() if statement is None else [],
        "ungraded": Work.objects.in_month(month).ungraded().count() if not data.state.is_closed else None,
        "may_close": request.user.has_perm(CLOSE),
        "months": _month_links(month),
    }
    return render(request, "royalties/statements.html", context)


def _export(request, content, content_type, extension):
    month = _month(request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="nhuan-but-{month:%Y-%m}.{extension}"'
    return response


@staff_member_required
@permission_required(GRADE, raise_exception=True)
@require_GET
def export_csv(request):
    data = statements.for_month(_month(request))
    return _export(request, exports.as_csv(data), "text/csv; charset=utf-8", "csv")


@staff_member_required
@permission_required(GRADE, raise_exception=True)
@require_GET
def export_xlsx(request):
    data = statements.for_month(_month(request))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _export(request, exports.as_xlsx(data), xlsx, "xlsx")


@staff_member_required
@permission_required(CLOSE, raise_exception=True)
@require_POST
def close_month(request):
    """Close the month: grades are locked and the unit value in force is frozen into it."""
    month = _month(request)
    try:
        Month.state(month).close(request.user)
    except MonthClosed:
        messages.info(request, _("This month was already closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(month)s is closed: its grades and unit value are frozen.") % {"month": f"{month:%m/%Y}"}
        )
    return HttpResponseRedirect(_url("royalties:statements", {"thang": f"{month:%Y-%m}"}))
