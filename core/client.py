"""Who is asking: the client's address behind our own proxies."""

from django.conf import settings


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or the entry our own proxies added to X-Forwarded-For.

    X-Forwarded-For is only believed as far as COMMENTS_TRUSTED_PROXIES says: with one proxy in front, the last
    address in the header is the one that proxy saw; anything to its left was written by the client.
    """
    proxies = getattr(settings, "COMMENTS_TRUSTED_PROXIES", 0)
    if proxies > 0:
        hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45] or None
