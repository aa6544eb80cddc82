"""The arithmetic of `make bench`, kept apart from processes and sockets so tests/site/test_bench_tools.py can check it.

Parsing wrk's output, same-run ratios to the ceiling, the cost of one rendered comment, peak memory of a worker,
the nginx configuration of the nginx layer, the issue's targets and the Markdown table.
"""

import collections
import gzip
import json
import os
import pwd
import re

WRK_MARK = "BENCH_WRK "
DATA_MARK = "BENCH_DATA "
INPROC_MARK = "BENCH_INPROC "
POSTS_MARK = "BENCH_POSTS "
OFF, ON = "caches off", "as deployed"
# "Bounded": a handful of statements whatever the number of comments (no query per comment).
APPROVE_QUERY_BOUND = 20
# Frames of the newsroom's own code in a profile, e.g. "render_story (articles/views.py)".
PROJECT_FRAME = re.compile(r"\((articles|comments|core|newsroom|weather|accounts)/[^)]*\)$")


def marked_json(text, mark):
    """The JSON object printed on the last line that starts with `mark` (bench/report.lua, bench/data.py …)."""
    found = [line[len(mark) :] for line in text.splitlines() if line.startswith(mark)]
    if not found:
        raise ValueError(f"no line starting with {mark.strip()!r} in the output:\n{text[-2000:]}")
    return json.loads(found[-1])


def parse_wrk(text):
    """Requests/s, latency percentiles (ms) and failures from a wrk run made with bench/report.lua."""
    raw = marked_json(text, WRK_MARK)
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "non_2xx_3xx": raw["status_errors"],
        "socket_errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
    }


def ratio(value, bare):
    """value / bare, or None when there is no bare figure to compare with."""
    if not bare:
        return None
    return round(value / bare, 4)


def service_ms(rps, workers):
    """Server time per request when `workers` sync workers are saturated: workers / (requests per second)."""
    return round(1000.0 * workers / rps, 3) if rps else None


def cost_per_comment(ms_few, ms_many, comments_few=50, comments_many=200):
    """Milliseconds one more rendered comment costs: the difference between two story pages over the extra comments."""
    if ms_few is None or ms_many is None:
        return None
    return round((ms_many - ms_few) / (comments_many - comments_few), 4)


_HWM = re.compile(r"^VmHWM:\s+(\d+)\s+kB", re.MULTILINE)


def vm_hwm_kb(status_text):
    """Peak resident set size in kB from a /proc/<pid>/status text."""
    match = _HWM.search(status_text)
    return int(match[1]) if match else None


def children_of(pid, stat_texts):
    """Pids whose /proc/<pid>/stat names `pid` as parent. `stat_texts`: {pid: text of /proc/<pid>/stat}."""
    found = []
    for child, text in stat_texts.items():
        # The command name sits in parentheses and may contain spaces: the parent pid is the 2nd field after it.
        fields = text.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(child)
    return sorted(found)


_LINE_NUMBER = re.compile(r":\d+\)$")


def top_functions(collapsed, limit=20):
    """Where the time goes, from py-spy's raw (collapsed stacks) output: "f (file.py:12);g (file.py:3) 42" lines.

    Returns the functions with the largest share of samples: `self` (the function itself was running) and `total`
    (it was on the stack), in percent of all samples, the line numbers folded away.
    """
    own, inclusive, samples = collections.Counter(), collections.Counter(), 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        frames = [_LINE_NUMBER.sub(")", frame.strip()) for frame in stack.split(";") if frame.strip()]
        if not frames:
            continue
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not samples:
        return {"samples": 0, "self": [], "total": []}

    def share(counter, count=limit):
        return [{"function": name, "percent": round(100 * n / samples, 1)} for name, n in counter.most_common(count)]

    return {"samples": samples, "self": share(own), "total": share(inclusive, limit * 5)}


def posts_summary(statuses, seconds, stored, accepted_codes=(201, 303)):
    """Comment POSTs: rate, how many the server accepted, how many of those the database holds, failures."""
    accepted = sum(1 for status in statuses if status in accepted_codes)
    server_errors = sum(1 for status in statuses if not isinstance(status, int) or status >= 500)
    return {
        "sent": len(statuses),
        "seconds": round(seconds, 2),
        "per_second": round(len(statuses) / seconds, 1) if seconds else 0.0,
        "accepted": accepted,
        "stored": stored,
        "lost": max(0, accepted - stored),
        "refused_4xx": sum(1 for status in statuses if isinstance(status, int) and 400 <= status < 500),
        "errors_5xx_or_dropped": server_errors,
    }


def wrk_posts_summary(text, stored):
    """posts_summary() of a wrk run made with bench/post.lua: answers by class, rate, and what the database holds.

    wrk stops at its deadline with up to one request per connection in flight: those may be stored without their
    answer being counted, so `stored` can exceed `accepted` by the concurrency; `lost` counts the other way only.
    """
    raw = marked_json(text, POSTS_MARK)
    seconds = raw["duration_us"] / 1e6
    answered = raw["accepted"] + raw["4xx"] + raw["5xx"]
    return {
        "sent": answered + raw["socket_errors"],
        "seconds": round(seconds, 2),
        "per_second": round(answered / seconds, 1) if seconds else 0.0,
        "accepted": raw["accepted"],
        "stored": stored,
        "lost": max(0, raw["accepted"] - stored),
        "refused_4xx": raw["4xx"],
        "errors_5xx_or_dropped": raw["5xx"] + raw["socket_errors"],
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
    }


def page(run, name):
    return next((p for p in run.get("pages", []) if p["name"] == name), None)


def _check(name, value, wanted, met, note=""):
    return {"target": name, "value": value, "wanted": wanted, "met": None if value is None else bool(met), "note": note}


def targets(results):
    """The issue's targets, each with the measured value and whether it is met (None: not measured)."""
    off, on = results["runs"].get(OFF, {}), results["runs"].get(ON, {})
    story50, story200 = page(off, "story, 50 comments") or {}, page(off, "story, 200 comments") or {}
    home = page(off, "home") or {}
    cached = page(on, "story, 50 comments") or {}
    r50, r200, rcached = story50.get("ratio"), story200.get("ratio"), cached.get("ratio")
    rhome = home.get("ratio")
    checks = [
        _check("story page, 50 comments, caches off: ratio to bare", r50, "≥ 0.05", (r50 or 0) >= 0.05),
        _check("home page, caches off: ratio to bare", rhome, "≥ 0.03", (rhome or 0) >= 0.03),
        _check("story page, 200 comments, caches off: ratio to bare", r200, "≥ 0.03", (r200 or 0) >= 0.03),
    ]
    counts = [p["queries"] for p in (story50, story200) if p.get("queries") is not None]
    most = max(counts) if counts else None
    detail = f"50: {story50.get('queries')}, 200: {story200.get('queries')}"
    checks.append(_check("story page SQL queries, caches off", most, "≤ 10", most is not None and most <= 10, detail))
    per_comment = off.get("cost_per_comment_ms")
    checks.append(_check("cost per rendered comment (ms)", per_comment, "report (peers: 0.7 and 3.5)", True))
    checks.append(_check("cached story page (as deployed): ratio to bare", rcached, "≥ 0.7", (rcached or 0) >= 0.7))
    for label, run in ((OFF, off), (ON, on)):
        posts = (run.get("posts") or {}).get("c=8")
        if posts:
            ok = posts["per_second"] >= 250 and posts["lost"] == 0 and posts["errors_5xx_or_dropped"] == 0
            detail = (
                f"accepted {posts['accepted']}, stored {posts['stored']}, lost {posts['lost']}, "
                f"5xx {posts['errors_5xx_or_dropped']}"
            )
            name = f"comment POSTs/s at c=8 ({label})"
            checks.append(_check(name, posts["per_second"], "≥ 250, none lost, no 5xx", ok, detail))
    approve = on.get("approve") or off.get("approve")
    if approve:
        ok = approve["seconds"] < 0.5 and approve["queries"] <= APPROVE_QUERY_BOUND
        detail = f"{approve['queries']} queries"
        checks.append(
            _check("approving 1,000 comments (s)", approve["seconds"], "< 0.5 s, bounded queries", ok, detail)
        )
    p50 = (results.get("search") or {}).get("p50_ms")
    checks.append(_check("search p50 at 100,000 stories (ms)", p50, "< 50 ms", p50 is not None and p50 < 50))
    return checks


def gzip_like_nginx(body):
    """`body` compressed as deploy/nginx.conf compresses pages (gzip_comp_level 5): the static file's .gz twin."""
    return gzip.compress(body, compresslevel=5, mtime=0)


def nginx_bench_conf(text, folder, port, upstream_port, user=None):
    """deploy/nginx.conf made runnable by the bench: its server paths in `folder`, listening on loopback `port` in
    front of `upstream_port`, and one location more serving `folder`/static as files (gzip_static: the .gz twin to
    readers who accept gzip), logged like the pages."""
    user = user or pwd.getpwuid(os.geteuid()).pw_name
    replacements = [
        ("/srv/newsroom", f"{folder}/srv"),
        ("/var/cache/nginx/newsroom", f"{folder}/cache"),
        ("/run/nginx-newsroom.pid", f"{folder}/nginx.pid"),
        ("/var/log/nginx/", f"{folder}/"),
        ("listen 80;\n        listen [::]:80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("user www-data;", f"user {user};"),
        (
            "        location /static/ {",
            f"        location /__bench_static__/ {{\n            alias {folder}/static/;\n"
            "            gzip_static on;\n        }\n\n        location /static/ {",
        ),
    ]
    if "/run/nginx-newsroom-gzip.sock" in text:  # the configuration that compresses before its cache
        replacements.append(("/run/nginx-newsroom-gzip.sock", f"{folder}/gz.sock"))
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"the nginx configuration no longer has {old!r}: teach bench/tools.py its new shape")
        text = text.replace(old, new)
    return text


def nginx_targets(rows):
    """≥ 0.5 of nginx serving the same bytes as a static file, for each page size, with and without gzip."""
    return [
        _check(
            f"nginx micro-cache, {row['size'] // 1000} KB page, Accept-Encoding {row['accept_encoding']}: "
            "ratio to a static file",
            row["ratio"],
            "≥ 0.5",
            (row["ratio"] or 0) >= 0.5,
            f"{row['rps']:,.0f} req/s, p50 {row['p50_ms']} ms",
        )
        for row in rows
    ]


def nginx_table(rows):
    lines = [
        "| page | Accept-Encoding | bytes sent | req/s | p50 ms | p99 ms | static file req/s | static p50 ms | ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size'] // 1000} KB | {row['accept_encoding']} | {_fmt(row['bytes_sent'])} | {_fmt(row['rps'])} "
            f"| {_fmt(row['p50_ms'], 2)} | {_fmt(row['p99_ms'], 2)} | {_fmt(row['static_rps'])} | "
            f"{_fmt(row['static_p50_ms'], 2)} | {_fmt(row['ratio'], 3)} |"
        )
    return lines


NGINX_INTRO = (
    "deploy/nginx.conf in front of the ceiling project, each page from the micro-cache (X-Micro-Cache: HIT), "
    "over the same nginx serving the bytes that reader gets as a static file (`gzip_static`)."
)


def nginx_markdown(results):
    """The report of `bench/run.py --only nginx`."""
    meta = results.get("meta", {})
    lines = [
        "# make bench-nginx",
        "",
        f"{meta.get('nginx_conf')} · {meta.get('cores')} cores · load: {meta.get('load_generator')} · "
        f"{meta.get('duration')} s per address ({meta.get('threads')} threads, {meta.get('connections')} "
        f"connections) · {meta.get('when', '')}",
        "",
        NGINX_INTRO,
        "",
        *nginx_table(results.get("nginx") or []),
    ]
    lines += _targets_and_notes(results)
    return "\n".join(lines) + "\n"


def _targets_and_notes(results):
    lines = ["", "## targets", "", "| target | measured | wanted | met |", "|---|---:|---|---|"]
    for check in results.get("targets", []):
        met = {True: "yes", False: "**no**", None: "not measured"}[check["met"]]
        note = f" ({check['note']})" if check.get("note") else ""
        lines.append(f"| {check['target']} | {_fmt(check['value'], 3)}{note} | {check['wanted']} | {met} |")
    notes = results.get("notes") or []
    if notes:
        lines += ["", "## notes", ""] + [f"- {note}" for note in notes]
    return lines


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def markdown(results):
    """The whole report: one table per run, comment POSTs, approval, search, targets."""
    meta = results.get("meta", {})
    lines = [
        "# make bench",
        "",
        f"{meta.get('stories', '?'):,} stories on PostgreSQL · gunicorn {meta.get('workers')} sync workers on "
        f"{meta.get('cores')} cores · load: {meta.get('load_generator')} · {meta.get('duration')} s per page "
        f"({meta.get('threads')} threads, {meta.get('connections')} connections) · {meta.get('when', '')}"
        + (f" · load average {meta['load']}" if meta.get("load") else "")
        + (f" · each ratio the median of {meta['repeat']} side-by-side pairs" if meta.get("repeat", 1) > 1 else ""),
        "",
        "Ratios are requests/s of the page over requests/s of the ceiling: a bare Django project made by "
        "`django-admin startproject` (startproject's middleware) answering the same number of bytes under the same "
        "gunicorn in the same run (bench/ceiling.py). Service ms = workers / (requests/s). "
        "p50 at c=1 is one request at a time.",
    ]
    for label, run in results["runs"].items():
        lines += ["", f"## {label} (OUTPUT_CACHE={run.get('output_cache')})", ""]
        lines.append(
            "| page | bytes | req/s | bare req/s | ratio | p50 ms | p99 ms | p50 ms c=1 | service ms | SQL | errors |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for p in run.get("pages", []):
            lines.append(
                f"| {p['name']} | {_fmt(p.get('bytes'))} | {_fmt(p.get('rps'))} | {_fmt(p.get('bare_rps'))} | "
                f"{_fmt(p.get('ratio'), 3)} | {_fmt(p.get('p50_ms'))} | {_fmt(p.get('p99_ms'))} | "
                f"{_fmt(p.get('c1_p50_ms'), 2)} | {_fmt(p.get('service_ms'), 2)} | {_fmt(p.get('queries'))} | "
                f"{_fmt(p.get('errors'))} |"
            )
        rss = run.get("rss_kb") or []
        if rss:
            lines += ["", f"Peak RSS per worker (VmHWM): {', '.join(f'{kb / 1024:.0f} MB' for kb in rss)}."]
        if run.get("cost_per_comment_ms") is not None:
            lines.append(
                f"Cost per rendered comment: {run['cost_per_comment_ms']:.3f} ms (130 comments shown of 200, vs 50)."
            )
        posts = run.get("posts") or {}
        if posts:
            lines += ["", "| comment POSTs | sent | per s | accepted | stored | lost | 4xx | 5xx/dropped |"]
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
            for key, value in posts.items():
                lines.append(
                    f"| {key} | {value['sent']} | {_fmt(value['per_second'])} | {value['accepted']} | "
                    f"{value['stored']} | {value['lost']} | {value['refused_4xx']} | {value['errors_5xx_or_dropped']} |"
                )
        for prof in run.get("profiles") or []:
            if not prof.get("samples"):
                continue
            lines += ["", f"Profile of {prof['name']} under load (py-spy --idle, {prof['samples']:,} samples):", ""]
            lines += ["| self % | function | total % | our code on the stack |", "|---:|---|---:|---|"]
            ours = [f for f in prof["total"] if PROJECT_FRAME.search(f["function"])] or prof["total"]
            for own, total in zip(prof["self"][:12], ours[:12], strict=False):
                lines.append(f"| {own['percent']} | `{own['function']}` | {total['percent']} | `{total['function']}` |")
        approve = run.get("approve")
        if approve:
            lines.append(
                f"\nApproving {approve['comments']:,} pending comments (CommentQuerySet.approve): "
                f"{approve['seconds'] * 1000:.0f} ms, {approve['queries']} queries."
            )
    search = results.get("search")
    if search:
        lines += ["", "## search (bench/search_bench.py, in-process through the test client)", "", search["table"]]
    if results.get("nginx"):
        lines += ["", "## the nginx layer", "", NGINX_INTRO, "", *nginx_table(results["nginx"])]
    lines += _targets_and_notes(results)
    return "\n".join(lines) + "\n"
