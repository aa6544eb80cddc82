"""A workflow step queues its e-mails once its transaction commits: the request only writes a task row."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from articles.models import ArticleTransition
from inbox.tasks import notify_step


def step_made(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(notify_step.enqueue, instance.pk))


def connect():
    post_save.connect(step_made, sender=ArticleTransition, dispatch_uid="inbox-step-made")
