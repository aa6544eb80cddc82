"""Site pages that belong to no app: the privacy policy."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comments.privacy import erased_name


@require_GET
def privacy_policy(request):
    """/chinh-sach-rieng-tu/: what the paper keeps about commenters, why, how long, and how to ask for it."""
    return render(
        request,
        "pages/privacy.html",
        {
            "ip_days": settings.COMMENTS_IP_RETENTION_DAYS,
            "rejected_days": settings.COMMENTS_REJECTED_RETENTION_DAYS,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "remove_published": settings.COMMENTS_ERASE_PUBLISHED_TEXT,
            "reader_name": erased_name(),
        },
    )
