"""The in-process half of `make bench`, run by bench/run.py in a subprocess with the environment of each run.

    python bench/inproc.py '{"queries": ["/", ...], "approve": {...}, "token": 12, "count_posts": "tag"}'

- queries: SQL queries of one anonymous GET of each path, counted with CaptureQueriesContext after two warm-up
  requests (the steady state the load generator sees), through Django's test client and every middleware;
- token: a signed comment-form timestamp for that story, as its page would carry;
- count_posts: how many comments the bench's POSTs stored (e-mail domain `<tag>.bench.example.vn`), then deletes
  them so every run starts from the same database;
- approve: CommentQuerySet.approve() on the 1,000 pending comments, timed, with its queries counted; then the queue
  is put back as it was (a direct UPDATE, bench housekeeping only, not a moderation step).
Prints one line `BENCH_INPROC {...}`.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def count_queries(paths):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)  # a page that fails is reported with its status, not a crash
    counts = {}
    for path in paths:
        for _ in range(2):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - started
        counts[path] = {
            "queries": len(captured),
            "status": response.status_code,
            "ms": round(seconds * 1000, 1),
            "sql": [(query["time"], query["sql"][:200]) for query in captured.captured_queries],
        }
    return counts


def approve(spec):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import Comment, ModerationLog

    moderator = get_user_model().objects.get(pk=spec["moderator"])
    queue = Comment.objects.pending().filter(article_id__in=spec["articles"])
    ids = list(queue.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        changed = Comment.objects.filter(pk__in=ids).approve(moderator)
        seconds = time.perf_counter() - started
    statements = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    # Put the queue back for the next run.
    Comment.objects.filter(pk__in=ids).update(status=Comment.Status.PENDING, moderated_by=None, moderated_at=None)
    ModerationLog.objects.filter(comment_id__in=ids).delete()
    return {
        "comments": len(ids),
        "changed": changed,
        "seconds": round(seconds, 4),
        "queries": len(captured),
        "statements": statements,
    }


def count_posts(tag):
    from comments.models import Comment

    mine = Comment.objects.filter(email__endswith=f"@{tag}.bench.example.vn")
    bodies = list(mine.values_list("body", flat=True))
    statuses = sorted(set(mine.values_list("status", flat=True)))
    mine.delete()
    return {"stored": len(bodies), "distinct_bodies": len(set(bodies)), "statuses": statuses}


def main():
    import django

    spec = json.loads(sys.argv[1])
    django.setup()
    out = {}
    if "token" in spec:
        from comments import spam

        out["token"] = spam.form_timestamp(spec["token"])
    if "queries" in spec:
        out["queries"] = count_queries(spec["queries"])
    if "count_posts" in spec:
        out["posts"] = count_posts(spec["count_posts"])
    if "approve" in spec:
        out["approve"] = approve(spec["approve"])
    print("BENCH_INPROC " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
