"""Every admin URL, as every staff role and as a visitor, against the table of what each role may open.

The table is the newsroom's permission policy in one place. A new model, admin view or URL under /quan-tri/ that is
not in it fails this test, and so does an entry whose URL no longer exists: the table has to be kept true.
"""

import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import twofactor
from accounts.models import Lockout, LoginEvent, TOTPDevice
from articles.models import ApprovalChain, Article, ArticleRevision, FrontPlacement, FrontPlacementLog, Locality, Tag
from comments.models import DataRequestLog, ModerationLog, SenderRule
from comments.tasks import send_comment_mail
from inbox.models import Notification
from royalties.models import Genre, Month, UnitValue, Work
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BannedWordFactory,
    CommentFactory,
    ModeratorFactory,
    PhotoFactory,
    SectionFactory,
    StaffFactory,
)
from tips.models import Tip
from weather.models import WeatherReport

pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "quan-tri/"
R, E, M, S = "reporter", "editor", "moderator", "superuser"
T, L = "secretary", "leader"  # Thư ký tòa soạn, Lãnh đạo tòa soạn: the ranks of the approval chains
STAFF = {R, E, M, S, T, L}
DESK = {E, S, T, L}  # who handles every story
CRUD = ("changelist", "add", "change", "delete", "history")


def crud(prefix, **roles):
    """Table rows for one model's five standard pages: crud("x", changelist={S}, ...) ."""
    return {f"admin:{prefix}_{view}": roles[view] for view in CRUD}


def same(prefix, roles):
    return crud(prefix, **dict.fromkeys(CRUD, roles))


READ_ONLY_FOR = {"changelist": {S}, "add": set(), "change": {S}, "delete": {S}, "history": {S}}

# Who may open each admin URL with GET ("allowed": 200 or a redirect that is not the login page); everyone else is
# refused (403, or 404 for an app index with nothing to show). Visitors always get the login page.
# Object pages are for one sample of each model; the sample story belongs to another reporter (reporters open only
# their own stories: tests/articles/test_roles.py covers that side).
EXPECTED = {
    # The admin site itself.
    "admin:index": STAFF,
    "admin:login": STAFF,  # a logged-in staff member is sent on to the index
    "admin:logout": STAFF,  # POST only: see POST_ONLY
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:jsi18n": STAFF,
    "admin:autocomplete": {R, E, S, T, L},  # localities for the story form: people who may write stories
    "admin:view_on_site": STAFF,
    "accounts:verify": STAFF,  # nothing owed: sent on
    "accounts:enrol": STAFF,
    "accounts:sessions": STAFF,  # each person sees only their own sessions
    # App index pages.
    "admin:app_list:auth": {S},
    "admin:app_list:sites": {S},
    "admin:app_list:redirects": {E, S},
    "admin:app_list:articles": {R, E, S, T, L},
    "admin:app_list:comments": {E, M, S},
    "admin:app_list:weather": {S},
    "admin:app_list:tips": {R, E, S},
    "admin:app_list:accounts": {S},
    "admin:app_list:django_tasks_database": {S},
    "admin:app_list:royalties": {L, T, S},
    "admin:app_list:inbox": {S},
    # Users, groups and sites: superusers only; redirects: editors too.
    **same("auth_group", {S}),
    **same("auth_user", {S}),
    "admin:auth_user_password_change": {S},
    **same("sites_site", {S}),
    **same("redirects_redirect", {E, S}),
    # The desk: reporters read the lists they pick from and write stories; editors run everything; the secretary and
    # the leaders read those lists and handle every story (edit, approve, publish) but write or delete none.
    **crud("articles_section", changelist={R, *DESK}, add={E, S}, change={R, *DESK}, delete={E, S}, history={R, *DESK}),
    **crud(
        "articles_locality", changelist={R, *DESK}, add={E, S}, change={R, *DESK}, delete={E, S}, history={R, *DESK}
    ),
    **crud("articles_author", changelist={R, *DESK}, add={E, S}, change={R, *DESK}, delete={E, S}, history={R, *DESK}),
    **crud("articles_tag", changelist={R, *DESK}, add={E, S}, change={R, *DESK}, delete={E, S}, history={R, *DESK}),
    **crud("articles_article", changelist={R, *DESK}, add={R, E, S}, change=DESK, delete={E, S}, history=DESK),
    "admin:articles_article_workflow": DESK,
    "admin:articles_article_preview": DESK,
    "admin:articles_article_preview_revoke": DESK,  # GET sends back to the story; revoking is a POST
    "admin:articles_article_revisions": DESK,
    "admin:articles_article_restore": DESK,
    # Approval chains per section: the leaders set them.
    **same("articles_approvalchain", {L, S}),
    # The photo library: reporters and the ranks upload, describe and pick photos; editors also delete those no story
    # uses.
    **crud(
        "articles_photo",
        changelist={R, *DESK},
        add={R, *DESK},
        change={R, *DESK},
        delete={E, S},
        history={R, *DESK},
    ),
    "admin:articles_photo_upload": {R, *DESK},
    "admin:articles_photo_pick": {R, *DESK},
    # The body editor's answers (video check, TCVN3/VNI converter): whoever may write or edit stories.
    "admin:articles_article_body_embed": {R, *DESK},
    "admin:articles_article_body_convert": {R, *DESK},  # POST only
    # The tip desk: editors work it; reporters read the tips given to them (the sample is theirs); nobody adds one
    # (they come from readers); only superusers delete.
    **crud("tips_tip", changelist={R, E, S}, add=set(), change={R, E, S}, delete={S}, history={R, E, S}),
    # The front page's slots (articles.arrange_frontpage) and their read-only log: editors, the secretary, the leaders.
    **same("articles_frontplacement", {E, S, T, L}),
    "admin:articles_frontplacement_arrange": {E, S, T, L},
    **crud(
        "articles_frontplacementlog",
        changelist={E, S, T, L},
        add=set(),
        change={E, S, T, L},
        delete=set(),
        history={E, S, T, L},
    ),
    # Comments: editors and moderators moderate; nobody writes a reader's comment; superusers alone delete.
    **crud("comments_comment", changelist={E, M, S}, add=set(), change={E, M, S}, delete={S}, history={E, M, S}),
    "comments_desk:desk": {E, M, S},
    "comments_desk:act": {E, M, S},
    "comments_desk:bulk": {E, M, S},
    "comments_desk:tip": {M, S},  # a card to the tip desk: who may add tips (tips.add_tip)
    "comments_desk:count": {E, M, S},
    # "Việc của tôi" is everyone's own; the presence heartbeat answers whoever may open the story.
    "inbox:my_work": STAFF,
    "inbox:heartbeat": DESK,
    "comments_desk:log": {E, M, S},
    "admin:comments_comment_privacy": {S},
    "admin:comments_comment_privacy_export": {S},
    "admin:comments_comment_privacy_erase": {S},
    **same("comments_bannedword", {M, S}),
    **same("comments_senderrule", {M, S}),
    # Audit logs: read in their lists, never written through the admin.
    **crud("comments_moderationlog", changelist={M, S}, add=set(), change=set(), delete=set(), history={M, S}),
    **crud("comments_datarequestlog", changelist={S}, add=set(), change=set(), delete=set(), history={S}),
    **crud("accounts_loginevent", changelist={S}, add=set(), change={S}, delete=set(), history={S}),
    **crud("inbox_notification", changelist={S}, add=set(), change={S}, delete=set(), history={S}),
    # Weather reports and lockouts are read (and lifted, devices reset) by superusers; nobody adds them by hand.
    **crud("weather_weatherreport", **READ_ONLY_FOR),
    **crud("accounts_lockout", **READ_ONLY_FOR),
    **crud("accounts_totpdevice", **READ_ONLY_FOR),
    # Royalties: leaders set genres, frames and the unit value and close months; secretaries grade (delegated);
    # works and months are records, read in the admin and changed only by grading and closing.
    **crud("royalties_genre", changelist={L, T, S}, add={L, S}, change={L, T, S}, delete={L, S}, history={L, T, S}),
    **crud("royalties_unitvalue", changelist={L, T, S}, add={L, S}, change={L, T, S}, delete={L, S}, history={L, T, S}),
    **crud("royalties_month", changelist={L, T, S}, add=set(), change={L, T, S}, delete=set(), history={L, T, S}),
    **crud("royalties_work", changelist={L, T, S}, add=set(), change={L, T, S}, delete=set(), history={L, T, S}),
    "royalties:grade": {L, T, S},
    "royalties:statements": {L, T, S},
    "royalties:export_csv": {L, T, S},
    "royalties:export_xlsx": {L, T, S},
    "royalties:close": {L, S},
    # The task queue (mail to readers): superusers read it; only the worker writes it.
    **crud("django_tasks_database_dbtaskresult", changelist={S}, add=set(), change={S}, delete=set(), history={S}),
}
# Views that only answer POST: walked with POST (logout last of all, and only checked to refuse GET).
POST_ONLY = {
    "admin:articles_article_body_convert": {},
    "admin:comments_comment_privacy_export": {"email": "bandoc@example.vn"},
    "comments_desk:act": {},
    "comments_desk:bulk": {"action": "approve"},
    "comments_desk:tip": {},
    "inbox:heartbeat": {},
    "admin:comments_comment_privacy_erase": {"email": "bandoc@example.vn"},
    "royalties:close": {"thang": "2026-01"},
}

# The admin's own unnamed patterns: the old-style object URL redirect and the catch-all that redirects or 404s.
UNNAMED = {r"<path:object_id>/", r"(?P<url>.*)$"}


def admin_patterns(resolver=None, prefix="", namespace=""):
    """(full route, "namespace:name", pattern) for every URL under /quan-tri/."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from admin_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and route.lstrip("^").startswith(ADMIN_PREFIX):
            yield route, f"{namespace}:{entry.name}" if entry.name else None, entry


def samples(reporter):
    """One object of every model the admin shows; a model without one here fails the walk."""
    story = ArticleFactory(created_by=StaffFactory(group="Phóng viên"), authors=[AuthorFactory()])
    comment = CommentFactory(article=story)
    return {
        "auth.group": Group.objects.get(name="Phóng viên"),
        "auth.user": reporter,
        "sites.site": Site.objects.get_current(),
        "redirects.redirect": Redirect.objects.create(site_id=1, old_path="/cu/", new_path="/moi/"),
        "articles.section": SectionFactory(),
        "articles.locality": Locality.objects.create(name="Thạch Hà", kind=Locality.Kind.COMMUNE),
        "articles.author": story.authors.first(),
        "articles.tag": Tag.objects.create(name="Hà Tĩnh"),
        "articles.article": story,
        "articles.photo": PhotoFactory(),
        "tips.tip": Tip.objects.create(name="Hoa", phone="0912345678", text="Tin bạn đọc", assigned_to=reporter),
        "articles.frontplacement": FrontPlacement.objects.create(slot="lead", article=story),
        "articles.frontplacementlog": FrontPlacementLog.objects.create(
            action="placed", slot="lead", article=story, headline=story.headline, starts_at=timezone.now()
        ),
        "articles.approvalchain": ApprovalChain.objects.create(section=SectionFactory(name="Xây dựng Đảng")),
        "comments.comment": comment,
        "comments.bannedword": BannedWordFactory(),
        "comments.senderrule": SenderRule.objects.create(kind="email", value="spam@example.vn"),
        "comments.moderationlog": ModerationLog.objects.create(
            comment=comment, from_status="pending", to_status="approved"
        ),
        "comments.datarequestlog": DataRequestLog.objects.create(action="export", email_hash="0" * 64),
        "weather.weatherreport": WeatherReport.objects.create(
            place="Hà Tĩnh", observed_at=timezone.now(), fetched_at=timezone.now(), temperature=28, weather_code=1
        ),
        "accounts.loginevent": LoginEvent.objects.create(username="x", outcome="bad_password"),
        "accounts.lockout": Lockout.objects.create(kind="account", key="x", locked_until=timezone.now()),
        "accounts.totpdevice": TOTPDevice.objects.create(user=StaffFactory(), confirmed=True),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.get(pk=send_comment_mail.enqueue(0).id),
        "royalties.genre": Genre.objects.first(),
        "royalties.unitvalue": UnitValue.objects.first(),
        "royalties.month": Month.objects.create(month=date(2025, 12, 1)),
        "royalties.work": Work.objects.create(article=story, month=date(2025, 12, 1)),
        "inbox.notification": Notification.objects.create(
            user=reporter, event="published", article=story, occasion="1"
        ),
    }


def concrete_urls(objects):
    """{table key: URL} for every named admin pattern, filling each argument with a sample."""
    story = objects["articles.article"]
    revision = ArticleRevision.objects.filter(article=story).first()
    urls, unnamed = {}, set()
    for route, name, pattern in admin_patterns():
        if name is None:
            unnamed.add(str(pattern.pattern))
            continue
        args = set(pattern.pattern.regex.groupindex)
        if name == "admin:app_list":
            for app_label in re.search(r"\(\?P<app_label>([^)]*)\)", str(pattern.pattern)).group(1).split("|"):
                urls[f"{name}:{app_label}"] = reverse(name, kwargs={"app_label": app_label})
            continue
        kwargs = {}
        if "object_id" in args and "content_type_id" in args:
            kwargs = {"content_type_id": ContentType.objects.get_for_model(story).pk, "object_id": story.pk}
        elif "object_id" in args:
            app_label, model_name = route[len(ADMIN_PREFIX) :].split("/")[:2]
            kwargs["object_id"] = objects[f"{app_label}.{model_name}"].pk
        if "action" in args:
            kwargs["action"] = "submit"
        if "pk" in args:  # the moderation desk's card
            kwargs["pk"] = objects["comments.comment"].pk
        if "article_id" in args:  # the presence heartbeat
            kwargs["article_id"] = story.pk
        if "revision_id" in args:
            kwargs["revision_id"] = revision.pk if revision else 1
        if "id" in args:  # UserAdmin's password page
            kwargs["id"] = objects["auth.user"].pk
        urls[name] = reverse(name, kwargs=kwargs)
    urls["admin:autocomplete"] += "?app_label=articles&model_name=article&field_name=localities&term=ha"
    return urls, unnamed


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")


def outcome(response):
    if response.status_code in (403, 404) or is_login_redirect(response):
        return "denied"
    if response.status_code in (200, 302):
        return "allowed"
    return f"status {response.status_code}"


@pytest.fixture
def people(settings):
    """A logged-in client per role; editors and superusers must use two-step login here, and have."""
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Biên tập viên"]
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    users = {
        R: StaffFactory(username="phongvien", group="Phóng viên"),
        E: StaffFactory(username="bientap", group="Biên tập viên"),
        M: ModeratorFactory(username="kiemduyet"),
        T: StaffFactory(username="thuky", group="Thư ký tòa soạn"),
        L: StaffFactory(username="lanhdao", group="Lãnh đạo tòa soạn"),
        "superuser": User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri"),
    }
    clients = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        session = client.session
        session[twofactor.SESSION_KEY] = twofactor.VERIFIED
        session.save()
        clients[role] = client
    return users, clients


def test_every_admin_url_answers_each_role_as_the_table_says(people):
    users, clients = people
    urls, unnamed = concrete_urls(samples(users[R]))
    assert unnamed == UNNAMED, "an unnamed URL under /quan-tri/ cannot be walked: give it a name"
    unknown = sorted(set(urls) - set(EXPECTED))
    assert not unknown, f"admin URLs missing from the permission table: {unknown}"
    stale = sorted(set(EXPECTED) - set(urls))
    assert not stale, f"permission table entries with no URL any more: {stale}"

    anonymous = Client()
    wrong = []
    for key, url in sorted(urls.items()):
        response = anonymous.post(url, POST_ONLY[key]) if key in POST_ONLY else anonymous.get(url)
        if not is_login_redirect(response) and key not in ("admin:login", "admin:logout"):
            wrong.append((key, "anonymous", response.status_code))
        for role, client in clients.items():
            if key == "admin:logout":
                got = "allowed" if client.get(url).status_code == 405 else "GET accepted"
            elif key in POST_ONLY:
                got = outcome(client.post(url, POST_ONLY[key]))
            else:
                got = outcome(client.get(url))
            if got != ("allowed" if role in EXPECTED[key] else "denied"):
                wrong.append((key, role, got))
    assert not wrong, "\n".join(f"{key} as {role}: {got}" for key, role, got in wrong)


def autocomplete_sources():
    """(app_label, model_name, field_name, remote model) for every autocomplete field of every admin and inline."""
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        owners = [(model, model_admin.autocomplete_fields)]
        owners += [(inline.model, inline.autocomplete_fields) for inline in model_admin.inlines]
        for owner, fields in owners:
            for name in fields:
                field = owner._meta.get_field(name)
                yield owner._meta.app_label, owner._meta.model_name, name, field.remote_field.model


def listed_ids(user, model):
    """The ids the user's change list of `model` shows (all pages), or None if the user may not open it."""
    model_admin = admin.site.get_model_admin(model)
    request = RequestFactory().get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    request.user = user
    if not model_admin.has_view_or_change_permission(request):
        return None
    changelist = model_admin.get_changelist_instance(request)
    return {str(pk) for pk in changelist.get_queryset(request).values_list("pk", flat=True)}


def test_no_autocomplete_answers_what_the_role_cannot_see_in_the_list(people):
    users, clients = people
    samples(users[R])
    someone_else = StaffFactory(group="Phóng viên")
    hidden = ArticleFactory(
        headline="Bản nháp riêng về Hà Tĩnh", status="draft", published_at=None, created_by=someone_else
    )
    ArticleFactory(headline="Bản nháp của tôi về Hà Tĩnh", status="draft", published_at=None, created_by=users[R])
    sources = sorted(set(autocomplete_sources()), key=lambda source: source[:3])
    assert ("articles", "relatedpin", "related", Article) in sources

    wrong, answered = [], 0
    for app_label, model_name, field_name, remote in sources:
        for role, client in clients.items():
            allowed = listed_ids(users[role], remote)
            for term in ("", "Hà Tĩnh", "bản nháp", "a"):
                query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
                response = client.get(reverse("admin:autocomplete"), query)
                if response.status_code != 200:
                    continue
                answered += 1
                shown = {result["id"] for result in response.json()["results"]}
                if allowed is None or shown - allowed:
                    wrong.append((f"{model_name}.{field_name}", role, term, sorted(shown - (allowed or set()))))
    assert answered
    assert not wrong, "\n".join(
        f"{field} as {role}, term {term!r}: {extra} not in the list" for field, role, term, extra in wrong
    )
    reporter = clients[R].get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "relatedpin", "field_name": "related", "term": "bản nháp"},
    )
    assert [result["text"] for result in reporter.json()["results"]] == ["Bản nháp của tôi về Hà Tĩnh"]
    assert str(hidden.pk) not in {result["id"] for result in reporter.json()["results"]}
