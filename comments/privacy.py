"""A commenter's personal data: find everything held for an e-mail address, export it, erase it.

The admin pages in `comments/privacy_admin.py` and the tests call these functions; nothing else
changes personal fields of comments (retention is in the `erase_comment_ips` and
`purge_rejected_comments` commands).

Erasure keeps a thread readable for everybody else:
- approved comments keep their published text under the name "Bạn đọc" unless
  COMMENTS_ERASE_PUBLISHED_TEXT is on, in which case they are deleted;
- pending, rejected, spam and hidden comments were never (or are no longer) public: always deleted;
- a comment other readers replied to is never deleted (its replies would go with it): when it must go,
  its text is replaced by a short notice and its personal fields erased.
Name, e-mail, IP address, user agent, the reader's original text (and so the word diff shown from it), what
moderators wrote about the comment (edit note, rejection reason, the moderation log's reasons and notes) and the
e-mails queued or sent to the address are erased in every case, and the private status link stops working (new
token). Tips sent with the address (the tips app) are exported with the comments, and erasing keeps their text
for the newsroom but drops the tipster's name, phone, e-mail and address. The request is logged in DataRequestLog
under a hash of the address.
"""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from comments.models import Comment, CommentMail, DataRequestLog, ModerationLog
from core import pagecache
from core.text import normalize
from tips import privacy as tip_privacy

S = Comment.Status
PERMISSION = "comments.handle_personal_data"


def normalize_email(email):
    """The form addresses are stored in: NFC, no control characters, trimmed, lower case."""
    return normalize(email or "").strip().lower()


def email_hash(email):
    """What the audit log keeps instead of the address: SHA-256 of its normalised form."""
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()


def find(email):
    """Every comment written with exactly this address (any letter case), oldest first, with its story."""
    address = normalize_email(email)
    if not address:
        return Comment.objects.none()
    return (
        Comment.objects.filter(email__iexact=address)
        .select_related("article")
        .defer("article__body", "article__search_text")
        .order_by("created_at", "id")
    )


def _iso(value):
    return value.isoformat() if value else None


def export_data(email):
    """Everything held for the address as a JSON-ready dict: what the reader gave, what we derived, the history."""
    comments = find(email).prefetch_related("log_entries")
    return {
        "email": normalize_email(email),
        "site": settings.SITE_URL,
        "exported_at": _iso(timezone.now()),
        "comment_count": len(comments),
        "comments": [
            {
                "id": comment.pk,
                "story_title": comment.article.headline,
                "story_url": settings.SITE_URL + comment.article.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "name": comment.name,
                "email": comment.email,
                "body": comment.body,
                "original_body": comment.original_body,
                "status": comment.status,
                "status_label": str(S(comment.status).label),
                "created_at": _iso(comment.created_at),
                "moderated_at": _iso(comment.moderated_at),
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "notify_on_approval": comment.notify_on_approval,
                "edit_reason": comment.edit_reason,
                "edit_note": comment.edit_note,
                "rejection_reason": comment.rejection_reason,
                "banned_word_matched": comment.banned_match,
                # Moderators stay anonymous: the history says what happened and when, not who did it.
                "history": [
                    {
                        "time": _iso(entry.created_at),
                        "from_status": entry.from_status,
                        "to_status": entry.to_status,
                        "reason": entry.reason,
                        "note": entry.note,
                    }
                    for entry in sorted(comment.log_entries.all(), key=lambda entry: (entry.created_at, entry.pk))
                ],
            }
            for comment in comments
        ],
        # What was mailed, or is waiting to be mailed, to the address (the task queue's rows hold only these ids).
        "emails": [
            {
                "comment_id": sent.comment_id,
                "kind": sent.kind,
                "to": sent.to,
                "queued_at": _iso(sent.created_at),
                "sent_at": _iso(sent.sent_at),
                "attempts": sent.attempts,
                "given_up_at": _iso(sent.failed_at),
            }
            for sent in _mails(email, [comment.pk for comment in comments])
        ],
        # Tips sent to the newsroom with the same address ("Gửi thông tin cho tòa soạn", tips.privacy).
        "tips": tip_privacy.export_data(email),
    }


def _mails(email, comment_ids):
    """The outbox rows of the address or of its comments (an address typed differently is still the reader's)."""
    address = normalize_email(email)
    return (
        CommentMail.objects.filter(Q(to__iexact=address) | Q(comment_id__in=comment_ids))
        if address
        else CommentMail.objects.none()
    )


def export(email, actor):
    """The export, logged as handled (the data left the newsroom)."""
    data = export_data(email)
    DataRequestLog.objects.create(
        actor=actor,
        action=DataRequestLog.Action.EXPORT,
        email_hash=email_hash(email),
        comment_count=data["comment_count"],
    )
    return data


@dataclass
class ErasurePlan:
    """What an erasure does to each comment of the address, by id."""

    keep_text: list = field(default_factory=list)  # published text stays, under "Bạn đọc"
    blank_text: list = field(default_factory=list)  # others replied: the row stays with a notice instead of text
    delete: list = field(default_factory=list)

    @property
    def anonymised(self):
        return len(self.keep_text) + len(self.blank_text)

    @property
    def deleted(self):
        return len(self.delete)

    @property
    def total(self):
        return self.anonymised + self.deleted


def plan_erasure(email, *, remove_published=None):
    """Decide, without changing anything, what erasing this address would do."""
    if remove_published is None:
        remove_published = settings.COMMENTS_ERASE_PUBLISHED_TEXT
    rows = list(find(email).values_list("pk", "status", "parent_id"))
    ids = [pk for pk, _status, _parent in rows]
    replied_by_others = set(
        Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids).values_list("parent_id", flat=True)
    )
    keeps_text = {pk for pk, status, _parent in rows if status == S.APPROVED and not remove_published}
    # Deleting a comment deletes its replies: a parent of anything that stays must stay too.
    parents_of_kept = {parent for pk, _status, parent in rows if pk in keeps_text}
    plan = ErasurePlan()
    for pk, _status, _parent in rows:
        if pk in keeps_text:
            plan.keep_text.append(pk)
        elif pk in replied_by_others or pk in parents_of_kept:
            plan.blank_text.append(pk)
        else:
            plan.delete.append(pk)
    return plan


def erased_name():
    """The name an erased commenter's published text is shown under ("Bạn đọc")."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Reader")


def erase(email, actor, *, remove_published=None):
    """Erase every personal detail held for the address, as the plan says, and log it; returns the plan."""
    with transaction.atomic():
        # Lock the address's rows first: a moderator's step or a new reply cannot slip in between plan and erase.
        list(Comment.objects.filter(pk__in=find(email).values("pk")).select_for_update().order_by().values("pk"))
        plan = plan_erasure(email, remove_published=remove_published)
        name = erased_name()
        with translation.override(settings.LANGUAGE_CODE):
            notice = gettext("[Comment removed at its author's request]")
        kept = list(Comment.objects.filter(pk__in=plan.keep_text + plan.blank_text))
        for comment in kept:
            comment.name = name
            comment.email = ""
            comment.ip_address = None
            comment.user_agent = ""
            comment.original_body = ""
            # What moderators wrote about the comment can name the reader too.
            comment.edit_note = ""
            comment.rejection_reason = ""
            comment.banned_match = ""
            comment.notify_on_approval = False
            comment.token = uuid.uuid4()  # the old private status link stops working
            comment.version += 1  # a moderator's page opened before the erasure cannot write the old values back
            if comment.pk in plan.blank_text:
                comment.body = notice
        Comment.objects.bulk_update(
            kept,
            [
                "name",
                "email",
                "ip_address",
                "user_agent",
                "original_body",
                "notify_on_approval",
                "token",
                "version",
                "body",
                "edit_note",
                "rejection_reason",
                "banned_match",
            ],
        )
        # The kept comments' history keeps its steps and times, not what was written about the reader.
        ModerationLog.objects.filter(comment_id__in=[c.pk for c in kept]).update(reason="", note="")
        _mails(email, plan.keep_text + plan.blank_text + plan.delete).delete()
        # Story pages show the kept texts under the new name (deleted ones refresh through post_delete).
        pagecache.stories_changed([c.article_id for c in kept if c.status == Comment.Status.APPROVED])
        # Their moderation log rows go with them (the erasure itself is logged below, without the address).
        Comment.objects.filter(pk__in=plan.delete).delete()
        tip_privacy.erase(email, actor)
        DataRequestLog.objects.create(
            actor=actor,
            action=DataRequestLog.Action.ERASE,
            email_hash=email_hash(email),
            comment_count=plan.total,
            anonymised_count=plan.anonymised,
            deleted_count=plan.deleted,
        )
    return plan
