"""E-mail to a reader whose comment was published: only to that reader, only if they asked."""

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def approval_message(comment):
    """The message telling a reader their comment is on the page."""
    context = {
        "comment": comment,
        "article": comment.article,
        "url": f"{settings.SITE_URL}{comment.get_absolute_url()}",
    }
    return mail.EmailMessage(
        subject=_("Your comment has been published"),
        body=render_to_string("comments/email/approved.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[comment.email],
    )


def send_approval_emails(comments):
    """One e-mail per comment whose author ticked the box, through one mail connection."""
    # Readers are written to in the site's language, whatever language the moderator's admin used.
    with translation.override(settings.LANGUAGE_CODE):
        messages = [approval_message(c) for c in comments if c.notify_on_approval and c.email]
    if messages:
        mail.mailers.default.send_messages(messages)
    return len(messages)
