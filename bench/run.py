"""make bench: the newsroom under load, as deployed and with every output cache off, against a bare Django project;
and deploy/nginx.conf in front of a page, against nginx serving the same bytes as a static file.

    make bench                                  # or: .venv/bin/python bench/run.py
    make bench-nginx                            # the nginx layer alone: bench/run.py --only nginx (no database)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench   (default; created and filled if missing)
    BENCH_DURATION=10  BENCH_CONNECTIONS=16  BENCH_THREADS=2                (each wrk run)
    BENCH_REDIS_URL=redis://127.0.0.1:6379/9    BENCH_PROFILE=1 (py-spy on the slowest story page, default on)
    BENCH_RUNS=off,on                           (which runs: OUTPUT_CACHE=0, OUTPUT_CACHE=1)
    BENCH_SEARCH=0                              (reuse the last search timings instead of running them again)
    BENCH_NGINX_CONF=deploy/nginx.conf          (the nginx configuration measured, e.g. an older one to compare)
    BENCH_REPEAT=1                              (side-by-side pairs per page, page then ceiling; the median ratio is
                                                 reported: on a shared machine the load changes between runs)
    BENCH_PAGES="home,story, 50 comments"       (only these pages, by name; all by default)
    BENCH_NGINX=0  BENCH_POSTS=0                (skip the nginx layer; skip comment POSTs and approval)

Steps: wrk (apt-get if missing; a Python load generator otherwise, said in the output), Redis (a private
redis-server if none answers), the data (bench/data.py, skipped once built), collectstatic, the search timings
(bench/search_bench.py), then per run: gunicorn with `nproc` sync workers and production settings, wrk on each page
and on the ceiling with the same number of bytes (bench/ceiling.py: a project made by `django-admin startproject`
at bench time, startproject's middleware, the same gunicorn), peak RSS of the workers, SQL queries per page
(bench/inproc.py), comment POSTs at concurrency 1 and 8 (wrk with bench/post.lua, every body different) counted in
the database afterwards, and approving the 1,000 pending comments. Last, the nginx layer: deploy/nginx.conf in front
of the ceiling project, pages of 30, 70 and 200 KB from its micro-cache, with and without `Accept-Encoding: gzip`,
against the same nginx serving the bytes the reader gets as a static file (`gzip_static`). Writes
var/bench/results.md and var/bench/results.json (nginx.md and nginx.json with --only nginx).
"""

import collections
import datetime
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import ceiling, tools  # noqa: E402

PY = sys.executable
OUT = ROOT / "var" / "bench"
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
PROFILE = os.environ.get("BENCH_PROFILE", "1") == "1"
SEARCH = os.environ.get("BENCH_SEARCH", "1") == "1"
RUNS = [part.strip() for part in os.environ.get("BENCH_RUNS", "off,on").split(",") if part.strip()]
REPEAT = max(1, int(os.environ.get("BENCH_REPEAT", "1")))
ONLY_PAGES = os.environ.get("BENCH_PAGES", "").strip()  # page names are matched inside it ("story, 50 comments")
NGINX = os.environ.get("BENCH_NGINX", "1") == "1"
POSTS = os.environ.get("BENCH_POSTS", "1") == "1"
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
SECRET = os.environ.get("BENCH_SECRET_KEY") or "bench-only-secret-key-" + "x" * 40
SEARCH_QUERY = "Cẩm Xuyên"
LUA = ROOT / "bench" / "report.lua"
NGINX_CONF = Path(os.environ.get("BENCH_NGINX_CONF", ROOT / "deploy" / "nginx.conf"))
NGINX_SIZES = (30_000, 70_000, 200_000)
NOTES = []


def say(message):
    print(f"[bench] {message}", flush=True)


def note(message):
    NOTES.append(message)
    say(f"NOTE: {message}")


# Tools the bench needs ------------------------------------------------------------------------------------------------


def apt_install(package):
    if shutil.which("apt-get") is None:
        return False
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return False
    say(f"installing {package} with apt-get")
    for args in (["apt-get", "install", "-y", "-q", package], ["apt-get", "update", "-q"]):
        result = subprocess.run(prefix + args, capture_output=True, text=True)
        if args[1] == "install" and result.returncode == 0:
            return True
    return subprocess.run(prefix + ["apt-get", "install", "-y", "-q", package], capture_output=True).returncode == 0


def ensure_wrk():
    if shutil.which("wrk") or apt_install("wrk") and shutil.which("wrk"):
        return "wrk"
    note("wrk could not be installed: the pages are driven by the Python load generator in bench/run.py instead")
    return "python"


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def ensure_redis():
    """The Redis URL to use; starts a private redis-server (stopped at the end) when none answers."""
    if redis_answers(REDIS_URL):
        return REDIS_URL, None
    if not shutil.which("redis-server"):
        apt_install("redis-server")
    if not shutil.which("redis-server"):
        sys.exit(f"Redis does not answer at {REDIS_URL} and redis-server could not be installed.")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if redis_answers(url):
            say(f"started a private redis-server on port {port}")
            return url, process
        time.sleep(0.1)
    process.terminate()
    sys.exit("redis-server did not start.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stream(args, env, marker=None):
    """Run a step, showing its output as it comes; returns the whole output."""
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if not (marker and line.startswith(marker)):
            print("   " + line, end="", flush=True)
    if process.wait() != 0:
        sys.exit(f"{' '.join(map(str, args))} failed ({process.returncode})")
    return "".join(lines)


# Environment of each run ----------------------------------------------------------------------------------------------


def base_env(redis_url, output_cache, prefix):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "COMMENTS_", "PYTEST", "OUTPUT_CACHE", "DJANGO_SETTINGS"))
    }
    env.update(
        DATABASE_URL=BENCH_URL,
        BENCH_DATABASE_URL=BENCH_URL,
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        OUTPUT_CACHE=output_cache,
        # Every spam defence stays on; only the per-address limit is raised (all posts come from 127.0.0.1), the
        # minimum typing time is zero (the bench has the form at hand) and the stories never close to comments.
        COMMENTS_RATE_LIMIT="1000000/1m",
        COMMENTS_MIN_SECONDS="0",
        COMMENTS_CLOSE_AFTER_DAYS="0",
        STATIC_ROOT=str(OUT / "static"),
        MEDIA_ROOT=str(OUT / "media"),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def inproc(env, spec):
    env = {**env, "ALLOWED_HOSTS": "127.0.0.1,testserver"}
    result = subprocess.run(
        [PY, str(ROOT / "bench" / "inproc.py"), json.dumps(spec)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"bench/inproc.py failed:\n{result.stdout}\n{result.stderr}")
    return tools.marked_json(result.stdout, tools.INPROC_MARK)


# The server -----------------------------------------------------------------------------------------------------------


class Server:
    """gunicorn with WORKERS sync workers: the newsroom, or (`project`) the ceiling project made in that folder."""

    def __init__(self, env, log_path, project=None):
        self.port = free_port()
        self.log = open(log_path, "w")
        if project is None:
            args = [PY, "-m", "gunicorn", "newsroom.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}"]
            args += ["--backlog", "2048", "--timeout", "120", "--graceful-timeout", "10"]
            ready = "/healthz/live"
        else:
            args, ready, env = ceiling.gunicorn_args(project, self.port, WORKERS), "/bare/1/", ceiling.env_for(env)
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, ready)[0] == 200 and len(self.workers()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start; see {log_path}")

    def workers(self):
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stats[int(entry.name)] = (entry / "stat").read_text()
                except OSError:
                    continue
        return tools.children_of(self.process.pid, stats)

    def peak_rss_kb(self):
        found = []
        for pid in self.workers():
            try:
                found.append(tools.vm_hwm_kb(Path(f"/proc/{pid}/status").read_text()))
            except OSError:
                continue
        return sorted(kb for kb in found if kb)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def get(port, path, timeout=60, headers=None):
    return fetch(port, path, timeout, headers)[::2]


def fetch(port, path, timeout=60, headers=None):
    """(status, response headers, body) of one GET."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


# Load generators ------------------------------------------------------------------------------------------------------


def load(generator, port, path, connections, threads, seconds, headers=None, queued=True):
    """Drive one address; returns once the server has finished what the load generator left queued (`queued`:
    gunicorn's backlog; nginx keeps none)."""
    url = f"http://127.0.0.1:{port}{path}"
    if generator == "wrk":
        args = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
        for name, value in (headers or {}).items():
            args += ["-H", f"{name}: {value}"]
        result = subprocess.run([*args, "-s", str(LUA), url], capture_output=True, text=True)
        figures = tools.parse_wrk(result.stdout + result.stderr)
    else:
        figures = python_load(port, path, connections, seconds, headers)
    if queued:
        drain(port)
    return figures


def drain(port, quick=0.05, limit=180):
    """Wait until the workers are idle: requests the load generator gave up on stay queued in gunicorn's backlog
    (a sync worker only notices the client left when it writes), and would be billed to the next measurement."""
    deadline = time.monotonic() + limit
    fast = 0
    while fast < 2 and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            get(port, "/healthz/live")
        except OSError:
            time.sleep(0.1)
            continue
        fast = fast + 1 if time.perf_counter() - started < quick else 0


def python_load(port, path, connections, seconds, headers=None):
    """The fallback when wrk is missing: `connections` threads each sending GETs one after another."""
    latencies, failures, lock = [], collections.Counter(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _body = get(port, path, headers=headers)
            except OSError:
                status = "socket"
            with lock:
                latencies.append(time.perf_counter() - started)
                if status == "socket" or not 200 <= status < 400:
                    failures[status] += 1

    began = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]

    def at(fraction):
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 2)

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": at(0.5),
        "p90_ms": at(0.9),
        "p99_ms": at(0.99),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 2),
        "non_2xx_3xx": sum(n for key, n in failures.items() if key != "socket"),
        "socket_errors": failures["socket"],
    }


# Comment POSTs --------------------------------------------------------------------------------------------------------


def wrk_posts(port, article, ts_token, concurrency, seconds, tag):
    """`concurrency` wrk connections posting different comments (bench/post.lua); wrk's output."""
    csrf = secrets.token_hex(16)  # a CSRF cookie the browser would hold; the script sends it back as the token
    args = ["wrk", f"-t{min(THREADS, concurrency)}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "60s"]
    url = f"http://127.0.0.1:{port}/"
    script = ["-s", str(ROOT / "bench" / "post.lua"), url, "--", str(article), ts_token, csrf, tag]
    result = subprocess.run([*args, *script], capture_output=True, text=True)
    return result.stdout + result.stderr


def post_comments(port, article, ts_token, concurrency, seconds, tag):
    """`concurrency` readers posting different comments through the page's script path (JSON), for `seconds`."""
    statuses, lock = [], threading.Lock()
    csrf = secrets.token_hex(16)  # a CSRF cookie the browser would hold; the script sends it back as the token
    deadline = time.perf_counter() + seconds

    def reader(number):
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            fields = {
                "csrfmiddlewaretoken": csrf,
                "ts": ts_token,
                "name": f"Bạn đọc {number}",
                "email": f"doc{number}@{tag}.bench.example.vn",
                "body": f"Ý kiến số {n} của bạn đọc {number}: đề nghị sớm sửa đường liên xã, mã {tag}-{number}-{n}.",
                "parent": "",
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "X-Requested-With": "XMLHttpRequest",
                "Accept": "application/json",
            }
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("POST", f"/binh-luan/{article}/gui/", body=urlencode(fields), headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                status = type(exc).__name__
            finally:
                conn.close()
            with lock:
                statuses.append(status)

    began = time.perf_counter()
    readers = [threading.Thread(target=reader, args=(number,)) for number in range(concurrency)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    return statuses, time.perf_counter() - began


# One run --------------------------------------------------------------------------------------------------------------


def pages_of(data):
    pages = [
        ("home", "/"),
        ("story, 200 comments", data["seed"]["url"]),
        ("story, 50 comments", data["story50"]["url"]),
        ("section", data["section"]),
        ("locality", data["locality"]),
        ("search", "/tim-kiem/?q=" + quote(SEARCH_QUERY)),
        ("RSS feed", "/rss/"),
        ("sitemap", "/sitemap.xml"),
    ]
    return [(name, path) for name, path in pages if not ONLY_PAGES or name in ONLY_PAGES]


def run_once(label, output_cache, data, redis_url, generator, stamp, bare_server):
    say(f"run '{label}': OUTPUT_CACHE={output_cache}, gunicorn -w {WORKERS}")
    env = base_env(redis_url, output_cache, f"bench-{stamp}-{output_cache}")
    server = Server(env, OUT / f"gunicorn-{output_cache}.log")
    run = {"output_cache": output_cache, "pages": []}
    try:
        pages = pages_of(data)
        for _name, path in pages:  # warm the caches a deployed site would have warm
            for _ in range(3):
                get(server.port, path)
        short = max(2, DURATION // 3)
        for name, path in pages:
            status, body = get(server.port, path)
            row = {"name": name, "path": path, "status": status, "bytes": len(body)}
            if status != 200:
                note(f"{label}: {name} ({path}) answers {status}; not measured")
                run["pages"].append(row)
                continue
            say(f"  {name}: {len(body):,} bytes; c=1 {short} s, c={CONNECTIONS} {DURATION} s, bare view {DURATION} s")
            single = load(generator, server.port, path, 1, 1, short)
            pairs = []
            for _ in range(REPEAT):  # back to back, so that both sides of a pair see the same load on the machine
                loaded = load(generator, server.port, path, CONNECTIONS, THREADS, DURATION)
                bare = load(generator, bare_server.port, f"/bare/{len(body)}/", CONNECTIONS, THREADS, DURATION)
                pairs.append((tools.ratio(loaded["rps"], bare["rps"]) or 0, loaded, bare))
            pairs.sort(key=lambda pair: pair[0])
            _ratio, loaded, bare = pairs[len(pairs) // 2]
            row.update(
                rps=loaded["rps"],
                p50_ms=loaded["p50_ms"],
                p99_ms=loaded["p99_ms"],
                c1_p50_ms=single["p50_ms"],
                service_ms=tools.service_ms(loaded["rps"], WORKERS),
                bare_rps=bare["rps"],
                bare_p50_ms=bare["p50_ms"],
                ratio=tools.ratio(loaded["rps"], bare["rps"]),
                errors=loaded["non_2xx_3xx"] + loaded["socket_errors"] + single["non_2xx_3xx"],
                wrk={"c1": single, "load": loaded, "bare": bare},
                ratios=[pair[0] for pair in pairs],
                load_average=round(os.getloadavg()[0], 1),
            )
            say(f"    {loaded['rps']:,.1f} req/s, bare {bare['rps']:,.1f}: ratio {row['ratio']}, pairs {row['ratios']}")
            run["pages"].append(row)
        run["rss_kb"] = server.peak_rss_kb()
        by_name = {row["name"]: row for row in run["pages"]}
        # The 200-comment story shows its first page: 50 top-level comments and the 80 replies they hold.
        run["cost_per_comment_ms"] = tools.cost_per_comment(
            by_name.get("story, 50 comments", {}).get("c1_p50_ms"),
            by_name.get("story, 200 comments", {}).get("c1_p50_ms"),
            comments_many=130,
        )

        say("  SQL queries per page (test client, CaptureQueriesContext)")
        counted = inproc(env, {"queries": [path for _name, path in pages]})["queries"]
        for row in run["pages"]:
            row["queries"] = counted[row["path"]]["queries"]
            row["sql"] = counted[row["path"]]["sql"]

        target = data["post_target"]["pk"]
        token = inproc(env, {"token": target})["token"]
        run["posts"] = {}
        for concurrency in (1, 8) if POSTS else ():
            tag = f"p{stamp}{output_cache}c{concurrency}".lower()
            say(f"  comment POSTs at concurrency {concurrency} for {DURATION} s ({generator})")
            if generator == "wrk":
                output = wrk_posts(server.port, target, token, concurrency, DURATION, tag)
                drain(server.port)
                stored = inproc(env, {"count_posts": tag})["posts"]
                summary = tools.wrk_posts_summary(output, stored["stored"])
            else:
                statuses, seconds = post_comments(server.port, target, token, concurrency, DURATION, tag)
                stored = inproc(env, {"count_posts": tag})["posts"]
                summary = tools.posts_summary(statuses, seconds, stored["stored"])
                summary["statuses"] = dict(collections.Counter(map(str, statuses)))
            run["posts"][f"c={concurrency}"] = summary
            say(f"    {summary['per_second']} /s, accepted {summary['accepted']}, stored {summary['stored']}")

        if POSTS:
            say("  approving 1,000 pending comments (CommentQuerySet.approve)")
            spec = {"approve": {"moderator": data["moderator"], "articles": data["queue_articles"]}}
            run["approve"] = inproc(env, spec)["approve"]
            say(f"    {run['approve']['seconds'] * 1000:.0f} ms, {run['approve']['queries']} queries")

        story = by_name.get("story, 200 comments" if output_cache == "0" else "story, 50 comments")
        if PROFILE and story and "rps" in story:
            run["profiles"] = []
            run["profiles"].append(
                profile(
                    server,
                    f"{story['name']} ({label})",
                    lambda: load(generator, server.port, story["path"], CONNECTIONS, THREADS, DURATION - 1),
                )
            )
            if output_cache == "0" and POSTS:
                tag = f"f{stamp}".lower()
                run["profiles"].append(
                    profile(
                        server,
                        f"comment POSTs c=8 ({label})",
                        lambda: (wrk_posts if generator == "wrk" else post_comments)(
                            server.port, target, token, 8, DURATION - 1, tag
                        ),
                    )
                )
                inproc(env, {"count_posts": tag})
            run["profiles"] = [p for p in run["profiles"] if p]
    finally:
        server.stop()
    return run


def profile(server, name, drive):
    """py-spy on every worker (waiting on PostgreSQL included) while `drive()` loads the server; top functions."""
    spy = str(ROOT / ".venv" / "bin" / "py-spy")
    spy = spy if Path(spy).exists() else shutil.which("py-spy")
    if not spy:
        note("py-spy is not installed (pip install -r requirements-dev.txt): no profile")
        return None
    raw = OUT / f"profile-{name}.txt"
    raw.unlink(missing_ok=True)
    say(f"  profiling '{name}' with py-spy for {DURATION} s")
    spy_process = subprocess.Popen(
        [spy, "record", "--pid", str(server.process.pid), "--subprocesses", "--idle", "--format", "raw",
         "--nonblocking", "--duration", str(DURATION), "--rate", "200", "--output", str(raw)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)
    drive()
    _out, err = spy_process.communicate(timeout=DURATION + 60)
    if not raw.exists():
        note(f"py-spy produced no profile: {err.strip()[-300:]}")
        return None
    return {"name": name, **tools.top_functions(raw.read_text(), limit=20)}


# The nginx layer ------------------------------------------------------------------------------------------------------


def find_nginx():
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None and apt_install("nginx-light"):
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    if found is None:
        note("nginx is not installed: the nginx layer is not measured")
    return found


def nginx_layer(generator):
    """NGINX_CONF in front of the ceiling project: each page size from the micro-cache, with and without gzip, over
    the same nginx serving the bytes that reader gets as a static file."""
    nginx = find_nginx()
    if nginx is None:
        return []
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="nginx-", dir=OUT))
    say(f"nginx layer: {NGINX_CONF} in front of a startproject project (gunicorn -w {WORKERS}), in {folder}")
    upstream = Server(base_env("", "1", "bench-nginx"), folder / "gunicorn.log", ceiling.make_project(folder / "app"))
    process = None
    try:
        static = folder / "static"
        static.mkdir()
        for size in NGINX_SIZES:
            body = get(upstream.port, f"/bare/{size}/")[1]
            (static / f"page-{size}.html").write_bytes(body)
            (static / f"page-{size}.html.gz").write_bytes(tools.gzip_like_nginx(body))
        port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(tools.nginx_bench_conf(NGINX_CONF.read_text(), folder, port, upstream.port))
        log = open(folder / "nginx.log", "w")
        process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log"), "-g", "daemon off;"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            try:
                get(port, "/__bench_static__/page-30000.html", timeout=1)
                break
            except OSError:
                continue
        if process.poll() is not None or time.monotonic() >= deadline:
            sys.exit(f"nginx did not start; see {folder / 'nginx.log'} and {folder / 'error.log'}")
        rows = []
        for size in NGINX_SIZES:
            for encoding in ("gzip", "none"):
                headers = {"Accept-Encoding": "gzip"} if encoding == "gzip" else {}
                path, static_path = f"/bare/{size}/", f"/__bench_static__/page-{size}.html"
                for _ in range(3):
                    _status, answer, body = fetch(port, path, headers=headers)
                cache = answer.get("X-Micro-Cache")
                if cache not in ("HIT", "UPDATING"):  # UPDATING: the stored copy, being refreshed
                    note(f"nginx layer: {path} with Accept-Encoding {encoding!r} is {cache} after 3 requests")
                page = load(generator, port, path, CONNECTIONS, THREADS, DURATION, headers, queued=False)
                bare = load(generator, port, static_path, CONNECTIONS, THREADS, DURATION, headers, queued=False)
                row = {
                    "size": size,
                    "accept_encoding": encoding,
                    "bytes_sent": len(body),
                    "content_encoding": answer.get("Content-Encoding", ""),
                    "rps": page["rps"],
                    "p50_ms": page["p50_ms"],
                    "p99_ms": page["p99_ms"],
                    "static_rps": bare["rps"],
                    "static_p50_ms": bare["p50_ms"],
                    "ratio": tools.ratio(page["rps"], bare["rps"]),
                    "errors": page["non_2xx_3xx"] + page["socket_errors"],
                    "wrk": {"page": page, "static": bare},
                }
                say(
                    f"  {size // 1000} KB, Accept-Encoding {encoding}: {len(body):,} bytes sent, "
                    f"{page['rps']:,.0f} req/s (p50 {page['p50_ms']} ms), static {bare['rps']:,.0f}: {row['ratio']}"
                )
                rows.append(row)
        return rows
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=20)
        upstream.stop()


def only_nginx():
    """bench/run.py --only nginx (make bench-nginx): the nginx layer alone, no database; var/bench/nginx.md."""
    results = {
        "meta": {
            "cores": WORKERS,
            "workers": WORKERS,
            "load_generator": ensure_wrk(),
            "duration": DURATION,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "nginx_conf": str(NGINX_CONF),
            "when": datetime.datetime.now().isoformat(timespec="seconds"),
        },
        "runs": {},
    }
    results["nginx"] = nginx_layer(results["meta"]["load_generator"])
    results["targets"] = tools.nginx_targets(results["nginx"])
    results["notes"] = NOTES
    text = tools.nginx_markdown(results)
    print("\n" + text)
    (OUT / "nginx.md").write_text(text, encoding="utf-8")
    (OUT / "nginx.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"saved {OUT / 'nginx.md'} and {OUT / 'nginx.json'}")


# Everything -----------------------------------------------------------------------------------------------------------


def main():
    if not BENCH_URL.startswith("postgres"):
        sys.exit("BENCH_DATABASE_URL must be a PostgreSQL URL: the figures are for the production database.")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generator = ensure_wrk()
    redis_url, redis_process = ensure_redis()
    try:
        env = base_env(redis_url, "1", "bench-build")
        say(f"data in {BENCH_URL.rsplit('/', 1)[-1]} (bench/data.py)")
        data = tools.marked_json(stream([PY, str(ROOT / "bench" / "data.py")], env, tools.DATA_MARK), tools.DATA_MARK)
        say("collectstatic")
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        if SEARCH or not (OUT / "search.json").exists():
            say("search timings (bench/search_bench.py)")
            stream([PY, str(ROOT / "bench" / "search_bench.py")], env)
        else:
            note("BENCH_SEARCH=0: search timings from the last bench/search_bench.py run")
        search = json.loads((OUT / "search.json").read_text(encoding="utf-8"))
        search_table = (OUT / "search.md").read_text(encoding="utf-8").split("\n\n", 1)[-1].strip()
        stamp = datetime.datetime.now().strftime("%H%M%S")
        results = {
            "meta": {
                "stories": data["stories"],
                "cores": WORKERS,
                "workers": WORKERS,
                "load_generator": generator,
                "duration": DURATION,
                "connections": CONNECTIONS,
                "threads": THREADS,
                "repeat": REPEAT,
                "database": BENCH_URL.rsplit("/", 1)[-1],
                "when": datetime.datetime.now().isoformat(timespec="seconds"),
                "commit": subprocess.run(
                    ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
                ).stdout.strip(),
            },
            "data": data,
            "search": {"p50_ms": search["results"]["search (all)"]["p50"], "results": search["results"],
                       "table": search_table},
            "runs": {},
        }  # fmt: skip
        say("the ceiling: `django-admin startproject` (bench/ceiling.py) under the same gunicorn")
        project = ceiling.make_project(Path(tempfile.mkdtemp(prefix="ceiling-", dir=OUT)))
        bare_server = Server(env, OUT / "gunicorn-ceiling.log", project)
        try:
            for key in RUNS:
                label, value = (tools.OFF, "0") if key == "off" else (tools.ON, "1")
                results["runs"][label] = run_once(label, value, data, redis_url, generator, stamp, bare_server)
        finally:
            bare_server.stop()
        results["nginx"] = nginx_layer(generator) if NGINX else []
        results["meta"]["load"] = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        results["targets"] = tools.targets(results) + tools.nginx_targets(results["nginx"])
        results["notes"] = NOTES
        results["meta"]["seconds"] = round(time.perf_counter() - started)
    finally:
        if redis_process is not None:
            redis_process.terminate()
    text = tools.markdown(results)
    print("\n" + text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"saved {OUT / 'results.md'} and {OUT / 'results.json'} ({results['meta']['seconds']} s)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--only", "nginx"]:
        only_nginx()
    elif sys.argv[1:]:
        sys.exit("usage: bench/run.py [--only nginx]")
    else:
        main()
