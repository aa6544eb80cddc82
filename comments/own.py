"""The comments this browser posted, so that their author sees them under the story, marked "Đang chờ biên tập".

Kept in a signed cookie, not the session: posting a comment then writes the comment and nothing else (a session
cost a second database transaction and three Redis round trips per post), and readers leave no state on the
server. The cookie is signed with SECRET_KEY, so nobody can list another reader's comments in it, and it only
ever shows comments that still wait for a moderator on the story being read. Requests that carry it bypass the
shared page cache and nginx's micro-cache (core.pagecache.PRIVATE_COOKIES, deploy/nginx.conf).
"""

from django.conf import settings

COOKIE_NAME = "comments_posted"
KEEP = 50  # the most recent ids kept
SALT = "comments.own"


def posted_ids(request):
    """Ids of the comments this browser posted (most recent last); [] without a valid cookie."""
    if request is None or COOKIE_NAME not in request.COOKIES:
        return []
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember(request, response, comment_id):
    """Add a comment to this browser's cookie, on the response that confirms it was received."""
    ids = [pk for pk in posted_ids(request) if pk != comment_id]
    ids = [*ids, comment_id][-KEEP:]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(map(str, ids)),
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
