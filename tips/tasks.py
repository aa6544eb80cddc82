"""Replies to tipsters, sent in the background by the task queue (`manage.py db_worker`), as comments' mail is."""

import logging

from django.apps import apps
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_tip_reply(reply_id):
    """Send one reply at most once; a failure is tried again later with growing waits, up to a limit."""
    # Looked up through the app registry: the models module enqueues this task, so it cannot be imported here.
    reply = apps.get_model("tips", "TipReply").objects.filter(pk=reply_id).first()
    if reply is None:
        return "gone"
    outcome = reply.deliver()
    if outcome == "retry":
        logger.warning("Tip reply %s failed (attempt %s, %s)", reply.pk, reply.attempts, reply.last_error)
        send_tip_reply.using(run_after=reply.next_attempt_at).enqueue(reply_id)
    elif outcome == "failed":
        logger.error("Tip reply %s given up after %s attempts", reply.pk, reply.attempts)
    return outcome
