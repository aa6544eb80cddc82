"""A story saved as published becomes works to grade (the story, its credited photos) once its transaction commits,
when its photo uses are saved too; the grading page only reads."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from articles.models import Article
from royalties.models import Work


def sync_story(pk):
    Work.objects.sync(Article.objects.filter(pk=pk))


def story_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == Article.Status.PUBLISHED:
        transaction.on_commit(partial(sync_story, instance.pk))


def connect():
    post_save.connect(story_saved, sender=Article, dispatch_uid="royalties.story_saved")
