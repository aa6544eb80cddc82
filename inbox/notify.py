"""Who hears of a story's step by e-mail, and what the e-mail says (in Vietnamese, whatever the actor's language).

Everything here runs in the task queue's worker (inbox/tasks.py), never during a request.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from articles import workflow
from articles.models import Article
from inbox.models import Event, NotificationPreference

# A story published "now" carries the time of the click; one whose time is later than this after the step was
# scheduled, and its authors hear of it when it goes out.
NOW_TOLERANCE = datetime.timedelta(minutes=1)

SUBJECTS = {
    Event.SENT_BACK: gettext_noop("Your story was sent back: %(headline)s"),
    Event.AWAITING: gettext_noop("A story is waiting for your step: %(headline)s"),
    Event.PUBLISHED: gettext_noop("Your story is published: %(headline)s"),
    Event.SCHEDULED_OUT: gettext_noop("Your scheduled story is on the site: %(headline)s"),
}


def owners(article):
    """Ids of the staff the story belongs to: whoever created it and every signed author with an account."""
    signed = models.Q(author__bylines__article=article)
    mine = models.Q(pk=article.created_by_id) | signed if article.created_by_id else signed
    return set(get_user_model().objects.filter(mine).values_list("pk", flat=True))


def waiting_on(article):
    """Ids of the staff for whom the story waits (Article.objects.awaiting decides: chain-aware when chains are)."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return {user.pk for user in staff if Article.objects.awaiting(user).filter(pk=article.pk).exists()}


def is_scheduled(transition):
    return (
        transition.target == workflow.PUBLISHED
        and transition.published_at is not None
        and transition.published_at > transition.at + NOW_TOLERANCE
    )


def for_transition(transition):
    """(event, recipient ids) for one workflow step, or None; never the person who made the step."""
    article = transition.article
    if transition.source == workflow.REVIEW and transition.target == workflow.DRAFT:
        event, people = Event.SENT_BACK, owners(article)
    elif transition.target == workflow.REVIEW:
        event, people = Event.AWAITING, waiting_on(article)
    elif transition.target == workflow.PUBLISHED and not is_scheduled(transition):
        event, people = Event.PUBLISHED, owners(article)
    else:
        return None
    return event, recipients(event, people - {transition.actor_id})


def for_release(transition):
    """(event, recipient ids) when the story `transition` scheduled comes out; not the person who scheduled it."""
    return Event.SCHEDULED_OUT, recipients(Event.SCHEDULED_OUT, owners(transition.article) - {transition.actor_id})


def recipients(event, ids):
    """Those of `ids` who have an address, are active, and want this kind of e-mail."""
    reachable = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    return NotificationPreference.objects.wanting(event, list(reachable))


def message(notification):
    """The e-mail for one outbox row, in the site's language; None if there is nobody to write to any more."""
    user, article, transition = notification.user, notification.article, notification.transition
    if not user.email or not user.is_active:
        return None
    context = {
        "name": user.get_full_name() or user.get_username(),
        "article": article,
        "transition": transition,
        "actor": (transition.actor.get_full_name() or transition.actor.get_username())
        if transition and transition.actor
        else "",
        "published_at": date_format(timezone.localtime(article.published_at), "H:i d/m/Y")
        if article.published_at
        else "",
        "admin_url": settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk]),
        "page_url": settings.SITE_URL + article.get_absolute_url(),
        "my_work_url": settings.SITE_URL + reverse("inbox:my_work"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        return mail.EmailMessage(
            subject=gettext(SUBJECTS[notification.event]) % {"headline": article.headline},
            body=render_to_string(f"inbox/email/{notification.event}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
