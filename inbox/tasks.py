"""Staff e-mail, fanned out and sent by the task queue's worker (`manage.py db_worker`), never in a request.

A workflow step enqueues `notify_step` once its transaction commits. A step that schedules a story enqueues
`notify_release` to run at the story's minute (`run_after`): nothing happens in the database when a scheduled
story comes out, so the worker that `make run` starts is its clock. Each recipient gets an outbox row
(inbox.models.Notification) unique per occasion, claimed before sending: at most one e-mail each.
"""

import logging

from django.tasks import task
from django.utils import timezone

from articles import workflow
from articles.models import ArticleTransition
from inbox import notify
from inbox.models import Notification

logger = logging.getLogger(__name__)


@task()
def notify_step(transition_id):
    """E-mail the people a workflow step concerns; a scheduling step also sets up the mail of its release."""
    transition = ArticleTransition.objects.select_related("article").filter(pk=transition_id).first()
    if transition is None:
        return "gone"
    if notify.is_scheduled(transition):
        notify_release.using(run_after=transition.published_at).enqueue(transition_id)
    found = notify.for_transition(transition)
    if found is None:
        return "nobody"
    event, people = found
    rows = Notification.objects.queue(event, transition.article, f"step:{transition.pk}", people, transition)
    return _deliver(rows)


@task()
def notify_release(transition_id):
    """At a scheduled story's minute: tell its authors it is on the site, unless it was moved or taken off."""
    transition = ArticleTransition.objects.select_related("article").filter(pk=transition_id).first()
    if transition is None:
        return "gone"
    article = transition.article
    if article.status != workflow.PUBLISHED or article.published_at != transition.published_at:
        return "moved"  # rescheduled (its own step set up its own release) or unpublished
    if article.published_at > timezone.now():
        notify_release.using(run_after=article.published_at).enqueue(transition_id)
        return "early"
    event, people = notify.for_release(transition)
    # Keyed by the minute, not the step: the same time set twice is one release, one e-mail.
    occasion = f"out:{article.published_at.isoformat()}"
    return _deliver(Notification.objects.queue(event, article, occasion, people, transition))


@task()
def send_notification(notification_id):
    """Send one outbox row again after a failure."""
    row = Notification.objects.filter(pk=notification_id).first()
    return _deliver([row]) if row else "gone"


def _deliver(rows):
    outcomes = []
    for row in rows:
        outcome = row.deliver(notify.message)
        if outcome == "retry":
            logger.warning("Staff mail %s failed (%s); next try at %s", row.pk, row.last_error, row.next_attempt_at)
            send_notification.using(run_after=row.next_attempt_at).enqueue(row.pk)
        elif outcome == "failed":
            logger.error("Staff mail %s given up after %s attempts (%s)", row.pk, row.attempts, row.last_error)
        outcomes.append(outcome)
    return ",".join(outcomes) or "nobody"
