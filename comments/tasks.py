"""Comment mail, sent in the background by the task queue (`manage.py db_worker`); later notifications join it here.

A request never sends mail: it writes an outbox row (comments.models.CommentMail) in the same transaction as the
step that calls for it, and enqueues `send_comment_mail` once that transaction commits.
"""

import logging

from django.apps import apps
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_comment_mail(mail_id):
    """Send one outbox row at most once; a failure is tried again later with growing waits, up to a limit."""
    # Looked up through the app registry: the models module enqueues this task, so it cannot be imported here.
    mail = apps.get_model("comments", "CommentMail").objects.filter(pk=mail_id).first()
    if mail is None:  # erased at the reader's request before it went out
        return "gone"
    outcome = mail.deliver()
    if outcome == "retry":
        logger.warning(
            "Comment mail %s failed (attempt %s, %s); next try at %s",
            mail.pk,
            mail.attempts,
            mail.last_error,
            mail.next_attempt_at,
        )
        send_comment_mail.using(run_after=mail.next_attempt_at).enqueue(mail_id)
    elif outcome == "failed":
        logger.error("Comment mail %s given up after %s attempts (%s)", mail.pk, mail.attempts, mail.last_error)
    return outcome
