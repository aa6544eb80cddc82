"""A tipster's personal data: export and erase by e-mail address, and the retention rule.

comments.privacy (the newsroom's one personal-data request page) calls export_data and erase for the address it
handles, so one request covers comments and tips alike.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from tips.models import Tip


def _iso(value):
    return value.isoformat() if value else None


def find(email):
    address = (email or "").strip().lower()
    if not address:
        return Tip.objects.none()
    return Tip.objects.filter(email__iexact=address).select_related("locality").order_by("created_at", "id")


def export_data(email):
    """The tips sent with this address, what the reader gave and what the newsroom answered (not internal notes)."""
    return [
        {
            "id": tip.pk,
            "received_at": _iso(tip.created_at),
            "name": tip.name,
            "phone": tip.phone,
            "email": tip.email,
            "place": tip.locality.full_name if tip.locality else None,
            "text": tip.text,
            "photos": [settings.SITE_URL + photo.image.url for photo in tip.photos.all()],
            "consent_to_contact": tip.consent,
            "ip_address": tip.ip_address,
            "user_agent": tip.user_agent,
            "state": tip.state,
            "state_label": str(tip.get_state_display()),
            "replies": [
                {"queued_at": _iso(r.created_at), "sent_at": _iso(r.sent_at), "text": r.body} for r in tip.replies.all()
            ],
        }
        for tip in find(email).prefetch_related("photos", "replies")
    ]


def erase(email, actor=None):
    """Erase the tipster's details from every tip sent with this address; returns how many tips."""
    tips = list(find(email))
    for tip in tips:
        tip.erase_personal_data(actor)
    return len(tips)


def purge_closed(days=None, now=None):
    """Retention: closed tips untouched for TIPS_RETENTION_DAYS lose the tipster's details; returns how many."""
    days = settings.TIPS_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    tips = list(Tip.objects.closed_before(cutoff))
    for tip in tips:
        tip.erase_personal_data(None)
    return len(tips)
