"""The ceiling every page of `make bench` is divided by: a bare Django project answering the same bytes.

Made at bench time with `django-admin startproject ceiling <folder>`, so it has startproject's settings and
middleware, whatever this project's own are. Two lines of its settings change, as for any deployment: DEBUG off and
ALLOWED_HOSTS the loopback. Its urls.py gains one view, `/bare/<size>/`, returning `size` bytes of HTML without a
template, a query or a lookup. The text reads like a page (Vietnamese words in paragraphs) so that gzip finds in it
what it finds in a story, not one repeated line; it is made once per size and kept (drawing 70 KB of words costs
about 10 ms, more than the whole cached story page: made on every request, it would lower the ceiling itself).
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = "ceiling"

VIEW = '''

# make bench (bench/ceiling.py): the page of `size` bytes every newsroom page is compared with.
import functools
import random

from django.http import HttpResponse

WORDS = (
    "xã huyện tỉnh đường liên thôn bà con nông dân mùa lúa nước lũ bão mưa cầu cống trường học trạm y tế hội "
    "nghị chủ tịch ủy ban nhân dân dự án vốn ngân sách khởi công hoàn thành nghiệm thu cán bộ đảng viên thanh "
    "niên phụ nữ cựu chiến binh hợp tác xã thủy lợi kênh mương giao thông nông thôn mới học sinh giáo viên"
).split()


@functools.cache
def page_bytes(size):
    """`size` bytes of paragraphs, the same for the same size, made once."""
    pick = random.Random(size).choice
    out, length = [], 0
    while length < size:
        line = "<p>" + " ".join(pick(WORDS) for _ in range(40)) + ".</p>\\n"
        out.append(line)
        length += len(line.encode())
    return "".join(out).encode()[:size]


def bare(request, size):
    return HttpResponse(page_bytes(size), content_type="text/html; charset=utf-8")


urlpatterns.append(path("bare/<int:size>/", bare))
'''


def make_project(folder, python=sys.executable):
    """startproject `ceiling` into `folder` (created), with the bare view; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    command = [python, "-m", "django", "startproject", PROJECT, str(folder)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    settings = folder / PROJECT / "settings.py"
    text = settings.read_text()
    for old, new in (("DEBUG = True", "DEBUG = False"), ("ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["127.0.0.1"]')):
        assert old in text, f"startproject's settings no longer say {old!r}"
        text = text.replace(old, new)
    settings.write_text(text)
    urls = folder / PROJECT / "urls.py"
    urls.write_text(urls.read_text() + VIEW)
    return folder


def gunicorn_args(folder, port, workers, python=sys.executable):
    """The same gunicorn as the newsroom's in bench/run.py, serving the ceiling project."""
    return [python, "-m", "gunicorn", f"{PROJECT}.wsgi", "--chdir", str(folder), "-w", str(workers),
            "-b", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120", "--graceful-timeout", "10"]  # fmt: skip


def env_for(base_env):
    """The ceiling project's environment: none of the newsroom's settings variables reach it."""
    return {key: value for key, value in base_env.items() if key != "DJANGO_SETTINGS_MODULE"}
