"""E-mail to a reader whose comment was published: only to that reader, only if they asked.

Built here, sent in the background by comments.tasks (never during a request).
"""

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def approval_message(comment, to):
    """The message telling a reader their comment is on the page, in the site's language."""
    context = {
        "comment": comment,
        "article": comment.article,
        "url": f"{settings.SITE_URL}{comment.get_absolute_url()}",
    }
    # Readers are written to in the site's language, whatever language the moderator's admin used.
    with translation.override(settings.LANGUAGE_CODE):
        return mail.EmailMessage(
            subject=_("Your comment has been published"),
            body=render_to_string("comments/email/approved.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
        )
