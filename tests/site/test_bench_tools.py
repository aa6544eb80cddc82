"""The arithmetic and plumbing of `make bench` on small inputs (the full bench is too slow for CI)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.conf import settings

from bench import ceiling, tools

NGINX_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.10ms   12.00ms 120.00ms   70.00%
  4000 requests in 10.00s, 200.00MB read
Requests/sec:    400.00
BENCH_WRK {"requests": 4000, "duration_us": 10000000, "bytes": 209715200, "connect_errors": 0, "read_errors": 1, \
"write_errors": 0, "status_errors": 3, "timeouts": 2, "p50_us": 38500, "p90_us": 55000, "p99_us": 101250, \
"mean_us": 40100.0, "max_us": 120000}
"""


def test_parse_wrk_reads_rate_latencies_and_failures():
    figures = tools.parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 400.0
    assert figures["p50_ms"] == 38.5
    assert figures["p99_ms"] == 101.25
    assert figures["non_2xx_3xx"] == 3
    assert figures["socket_errors"] == 3  # one read error and two timeouts


def test_parse_wrk_without_the_report_line_says_what_it_got():
    with pytest.raises(ValueError, match="BENCH_WRK"):
        tools.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_marked_json_takes_the_last_marked_line():
    text = 'noise\nBENCH_DATA {"stories": 1}\nmore\nBENCH_DATA {"stories": 2}\n'
    assert tools.marked_json(text, tools.DATA_MARK) == {"stories": 2}


def test_ratios_service_time_and_cost_per_comment():
    assert tools.ratio(110.0, 2200.0) == 0.05
    assert tools.ratio(10.0, 0) is None
    assert tools.service_ms(400.0, 2) == 5.0
    # 200 comments cost 30 ms more than 50: 0.2 ms per extra comment.
    assert tools.cost_per_comment(12.0, 42.0) == 0.2
    assert tools.cost_per_comment(None, 42.0) is None


def test_peak_rss_and_workers_of_a_master():
    status = "Name:\tgunicorn\nVmPeak:\t  300000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   80000 kB\n"
    assert tools.vm_hwm_kb(status) == 81234
    assert tools.vm_hwm_kb("Name:\tkthreadd\n") is None
    stats = {
        101: "101 (gunicorn: worker [x]) S 100 101 1",
        102: "102 (odd ) name) S 100 101 1",
        103: "103 (python) S 1 103 1",
        100: "100 (gunicorn) S 1 100 1",
    }
    assert tools.children_of(100, stats) == [101, 102]


def test_posts_summary_counts_lost_refused_and_failed_posts():
    statuses = [201] * 8 + [400, 429, 500, "ConnectionResetError"]
    summary = tools.posts_summary(statuses, 2.0, stored=7)
    assert summary["sent"] == 12
    assert summary["per_second"] == 6.0
    assert summary["accepted"] == 8
    assert summary["lost"] == 1
    assert summary["refused_4xx"] == 2
    assert summary["errors_5xx_or_dropped"] == 2
    assert tools.posts_summary([303, 201], 1.0, stored=2)["lost"] == 0


def test_top_functions_from_collapsed_stacks():
    collapsed = (
        "<module> (gunicorn:3);handle (sync.py:10);render (base.py:100) 6\n"
        "<module> (gunicorn:3);handle (sync.py:10);execute (utils.py:7) 3\n"
        "<module> (gunicorn:3);handle (sync.py:12) 1\n"
        "garbage line\n"
    )
    profile = tools.top_functions(collapsed, limit=2)
    assert profile["samples"] == 10
    assert profile["self"] == [
        {"function": "render (base.py)", "percent": 60.0},
        {"function": "execute (utils.py)", "percent": 30.0},
    ]
    assert profile["total"][0]["percent"] == 100.0
    assert tools.top_functions("")["samples"] == 0


def _results(ratio50=0.06, ratio200=0.02, queries=(8, 8), cached=0.9, posts=300.0, lost=0, approve_s=0.2):
    def story(name, ratio, count):
        return {"name": name, "ratio": ratio, "queries": count, "rps": 100.0, "bytes": 50_000}

    posts_c8 = tools.posts_summary([201] * 10, 10 / posts, stored=10 - lost)
    return {
        "meta": {"stories": 100_000, "workers": 2, "cores": 2, "load_generator": "wrk", "duration": 10},
        "runs": {
            tools.OFF: {
                "output_cache": "0",
                "pages": [
                    story("story, 50 comments", ratio50, queries[0]),
                    story("story, 200 comments", ratio200, queries[1]),
                ],
                "cost_per_comment_ms": 0.05,
                "posts": {"c=8": posts_c8},
                "profiles": [
                    {
                        "name": "story, 200 comments (caches off)",
                        **tools.top_functions(
                            "handle (gunicorn/workers/sync.py:1);related_stories (articles/selectors.py:9);"
                            "_execute (django/db/backends/utils.py:5) 9\n"
                            "handle (gunicorn/workers/sync.py:1);render (django/template/base.py:3) 1\n"
                        ),
                    }
                ],
            },
            tools.ON: {
                "output_cache": "1",
                "pages": [story("story, 50 comments", cached, 1)],
                "approve": {"comments": 1000, "seconds": approve_s, "queries": 4},
            },
        },
        "search": {"p50_ms": 30.0, "table": "| search |"},
    }


def test_targets_say_which_are_met_and_which_are_missed():
    checks = {check["target"]: check for check in tools.targets(_results())}
    assert checks["story page, 50 comments, caches off: ratio to bare"]["met"] is True
    assert checks["story page, 200 comments, caches off: ratio to bare"]["met"] is False
    assert checks["story page SQL queries, caches off"]["met"] is True
    assert checks["cached story page (as deployed): ratio to bare"]["met"] is True
    assert checks["comment POSTs/s at c=8 (caches off)"]["met"] is True
    assert checks["approving 1,000 comments (s)"]["met"] is True
    assert checks["search p50 at 100,000 stories (ms)"]["met"] is True


def test_a_lost_comment_or_a_slow_approval_misses_its_target_whatever_the_rate():
    checks = {check["target"]: check for check in tools.targets(_results(lost=1, approve_s=0.7, queries=(8, 11)))}
    assert checks["comment POSTs/s at c=8 (caches off)"]["met"] is False
    assert checks["approving 1,000 comments (s)"]["met"] is False
    assert checks["story page SQL queries, caches off"]["met"] is False
    assert checks["story page SQL queries, caches off"]["value"] == 11


def test_unmeasured_targets_are_not_reported_as_met():
    results = _results()
    del results["runs"][tools.ON]
    results["search"] = {}
    checks = {check["target"]: check for check in tools.targets(results)}
    assert checks["cached story page (as deployed): ratio to bare"]["met"] is None
    assert checks["search p50 at 100,000 stories (ms)"]["met"] is None


def test_markdown_report_has_a_table_per_run_and_the_targets():
    results = _results()
    results["targets"] = tools.targets(results)
    text = tools.markdown(results)
    assert "## caches off (OUTPUT_CACHE=0)" in text
    assert "## as deployed (OUTPUT_CACHE=1)" in text
    assert "| story, 200 comments | 50,000 | 100.0 |" in text
    assert "| story page, 200 comments, caches off: ratio to bare | 0.020 | ≥ 0.03 | **no** |" in text
    assert "Approving 1,000 pending comments (CommentQuerySet.approve): 200 ms, 4 queries." in text
    # The profile names the slow part of our own code, not only the framework frames around it.
    assert (
        "| 90.0 | `_execute (django/db/backends/utils.py)` | 90.0 | `related_stories (articles/selectors.py)` |" in text
    )


# The ceiling and the nginx layer -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_ceiling_is_a_startproject_project_answering_exactly_the_bytes_asked_for(tmp_path):
    folder = ceiling.make_project(tmp_path / "ceiling")
    template = Path(django.__file__).parent / "conf" / "project_template" / "project_name" / "settings.py-tpl"
    probe = (
        "import django, json; django.setup(); from django.conf import settings; from django.test import Client; "
        "sizes = [len(Client().get(f'/bare/{n}/', HTTP_HOST='127.0.0.1').content) for n in (1, 23, 48123)]; "
        "print(json.dumps({'middleware': settings.MIDDLEWARE, 'sizes': sizes, 'debug': settings.DEBUG}))"
    )
    env = {**ceiling.env_for(os.environ), "DJANGO_SETTINGS_MODULE": "ceiling.settings"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["sizes"] == [1, 23, 48123]
    assert found["debug"] is False
    # startproject's own middleware list, whatever the newsroom's settings say.
    assert found["middleware"] == re.findall(r"'(django\.[\w.]+Middleware)'", template.read_text())
    assert found["middleware"] != settings.MIDDLEWARE


def test_the_nginx_layer_serves_its_static_files_from_the_public_server():
    text = tools.nginx_bench_conf(NGINX_CONF.read_text(), "/tmp/b", 8117, 8118, user="nobody")
    public = text[text.index("listen 127.0.0.1:8117;") :]
    assert text.count("location /__bench_static__/") == 1
    assert "location /__bench_static__/ {\n            alias /tmp/b/static/;\n            gzip_static on;" in public
    assert "server 127.0.0.1:8118;" in text and "/tmp/b/gz.sock" in text and "user nobody;" in text


def test_the_nginx_layer_refuses_a_configuration_it_cannot_adapt():
    with pytest.raises(ValueError, match="listen 80"):
        tools.nginx_bench_conf(NGINX_CONF.read_text().replace("listen 80;", "listen 8080;"), "/tmp/b", 1, 2)


def test_wrk_posts_summary_counts_answers_and_what_the_database_holds():
    output = (
        "Running 10s test\n"
        'BENCH_POSTS {"sent": 2010, "accepted": 2000, "4xx": 3, "5xx": 2, "socket_errors": 1, '
        '"duration_us": 10000000, "p50_us": 28000, "p99_us": 41500}\n'
    )
    summary = tools.wrk_posts_summary(output, stored=1990)
    assert summary["per_second"] == 200.5
    assert summary["lost"] == 10
    assert summary["refused_4xx"] == 3
    assert summary["errors_5xx_or_dropped"] == 3
    assert summary["p99_ms"] == 41.5
    # Posts still in flight when wrk stopped may be stored without their answer: never counted as lost.
    assert tools.wrk_posts_summary(output, stored=2008)["lost"] == 0
