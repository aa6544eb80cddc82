"""The editorial workflow in one place: which state may follow which, and who may make each step.

draft -> in review -> published (now, or scheduled: published with a future time) -> unpublished.
An editor sends a story in review back to draft with a remark; an unpublished story may be reopened as a draft
or published again. A scheduled story needs no job: `Article.objects.published()` shows it from its time on.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """A story's state (Article.Status)."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


DRAFT, REVIEW, PUBLISHED, UNPUBLISHED = Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.UNPUBLISHED

CHANGE = "articles.change_article"
REVIEW_PERM = "articles.review_article"
PUBLISH = "articles.publish_article"

# {from: {to: the permission the step needs}}. Reporters also need the story to be theirs (see `owns`).
TRANSITIONS = {
    DRAFT: {REVIEW: CHANGE, PUBLISHED: PUBLISH},
    REVIEW: {DRAFT: REVIEW_PERM, PUBLISHED: PUBLISH},
    # published -> published: a scheduled story is rescheduled or published at once.
    PUBLISHED: {PUBLISHED: PUBLISH, UNPUBLISHED: PUBLISH},
    UNPUBLISHED: {DRAFT: CHANGE, PUBLISHED: PUBLISH},
}

# The buttons on a story's admin page: name -> (from states, to state, label).
ACTIONS = {
    "submit": ({DRAFT}, REVIEW, _("Submit for review")),
    "send_back": ({REVIEW}, DRAFT, _("Send back to the reporter")),
    "publish": ({DRAFT, REVIEW, UNPUBLISHED, PUBLISHED}, PUBLISHED, _("Publish now")),
    "schedule": ({DRAFT, REVIEW, UNPUBLISHED, PUBLISHED}, PUBLISHED, _("Schedule")),
    "unpublish": ({PUBLISHED}, UNPUBLISHED, _("Unpublish")),
    "reopen": ({UNPUBLISHED}, DRAFT, _("Reopen as a draft")),
    # Approval by rank (articles.chains decides who sees these): no change of state but the withdrawal.
    "approve": ({REVIEW}, REVIEW, _("Approve this step")),
    "take_over": ({REVIEW}, REVIEW, _("Take over to edit")),
    "withdraw": ({REVIEW}, DRAFT, _("Withdraw to draft")),
}
CHAIN_ACTIONS = {"approve", "take_over", "withdraw"}


class WorkflowError(Exception):
    """A workflow step that cannot be made; `message` is for the person who tried."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class InvalidTransition(WorkflowError):
    """The story's state does not allow this step (it may have changed since the page was opened)."""


class NotAllowed(WorkflowError):
    """The person's role does not allow this step on this story."""


# Publication times a desk can mean: the archive goes back to 1900, a schedule at most five years ahead. Anything
# else ("0001-01-01", "9999-12-31") is a typo, refused before it can overflow a time-zone conversion.
EARLIEST_PUBLICATION = datetime.date(1900, 1, 1)
LATEST_AHEAD = datetime.timedelta(days=5 * 365)


def check_publication_time(value):
    """Raise InvalidTransition unless `value` is a publication time within the range a desk can mean."""
    latest = timezone.localdate() + LATEST_AHEAD
    if not EARLIEST_PUBLICATION <= value.date() <= latest:
        raise InvalidTransition(
            _("Choose a publication time between %(earliest)s and %(latest)s.")
            % {"earliest": date_format(EARLIEST_PUBLICATION, "d/m/Y"), "latest": date_format(latest, "d/m/Y")}
        )


def is_desk_editor(user):
    """Editors (and admins) handle every story; reporters only their own."""
    return user.has_perm(REVIEW_PERM)


def owns(user, article):
    """The reporter created the story or signs it."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def may_view(user, article):
    return user.has_perm("articles.view_article") and (is_desk_editor(user) or owns(user, article))


def may_edit(user, article):
    """Editors change any story; a reporter changes only their own drafts."""
    if not user.has_perm(CHANGE):
        return False
    return is_desk_editor(user) or (article.status == DRAFT and owns(user, article))


def check(article, target, user):
    """Raise InvalidTransition or NotAllowed unless `user` may move `article` to `target` now."""
    allowed = TRANSITIONS.get(article.status, {})
    if target not in allowed:
        raise InvalidTransition(
            _("A story cannot go from “%(source)s” to “%(target)s”.")
            % {"source": label(article.status), "target": label(target)}
        )
    if not user.has_perm(allowed[target]) or not (is_desk_editor(user) or owns(user, article)):
        raise NotAllowed(
            _("Your role does not allow moving this story from “%(source)s” to “%(target)s”.")
            % {"source": label(article.status), "target": label(target)}
        )


def allowed_targets(article, user):
    """States the user may move the story to right now."""
    found = []
    for target in TRANSITIONS.get(article.status, {}):
        try:
            check(article, target, user)
        except WorkflowError:
            continue
        found.append(target)
    return found


def available_actions(article, user):
    """[(name, label)] of the buttons to show this user on this story."""
    targets = set(allowed_targets(article, user))
    live = article.is_public
    return [
        (name, action_label)
        for name, (sources, target, action_label) in ACTIONS.items()
        if name not in CHAIN_ACTIONS
        and article.status in sources
        and target in targets
        and not (live and name in ("publish", "schedule"))
    ]


def label(status):
    return Status(status).label if status in Status.values else status


def state_label(article, now=None):
    """ "Đã lên lịch" for a published story whose time has not come, else the status."""
    now = now or timezone.now()
    if article.status == PUBLISHED and article.published_at and article.published_at > now:
        return _("Scheduled")
    return label(article.status)
