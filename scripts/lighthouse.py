"""make lighthouse: Lighthouse on a phone (its default emulation) over the home, a story, a section and the search
page of a running site; var/lighthouse/<page>.json and var/lighthouse/summary.md.

    make serve                  # in another terminal: the production settings on PORT (8000)
    make lighthouse             # or: .venv/bin/python scripts/lighthouse.py http://127.0.0.1:8000

Lighthouse comes from npm (tools/package.json, installed by `npm ci` in tools/); the browser is Debian's Chromium
(CHROME_PATH, /usr/bin/chromium by default), never a downloaded one. The story and the section are the first ones the
home page links to. Issue 17's bar: 98 or more in every category (search's SEO is lower for its `noindex`).
Scores vary from run to run (more so on a busy machine), so each page is measured LIGHTHOUSE_RUNS times (3) and the
run with the median performance score is kept, as Lighthouse's documentation on variability advises. The summary
gives Lighthouse's benchmarkIndex of the machine: its 4x CPU slowdown is calibrated for a fast desktop (about 1,000
or more); on a busy shared machine the index falls and Total Blocking Time grows with it. LIGHTHOUSE_CPU_SLOWDOWN
sets another multiplier (Lighthouse's docs/throttling.md, "calibrating multipliers"); the default is Lighthouse's.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "var" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
BAR = 98
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
CPU_SLOWDOWN = os.environ.get("LIGHTHOUSE_CPU_SLOWDOWN", "")


def pages(base):
    home = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    story = re.search(r'href="(/[a-z0-9-]+-\d+\.html)"', home)
    section = re.search(r'href="(/chuyen-muc/[a-z0-9-]+/)"', home)
    if not (story and section):
        sys.exit(f"{base}/ links to no story or no section: is the demo loaded (make serve)?")
    return {
        "home": "/",
        "story": story.group(1),
        "section": section.group(1),
        "search": "/tim-kiem/?q=H%C3%A0%20T%C4%A9nh",
    }


def run(base):
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: (cd tools && npm ci)")
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    rows = []
    for name, path in pages(base).items():
        runs = []
        for attempt in range(RUNS * 2):  # a run Lighthouse gives up on (NO_NAVSTART on a busy machine) is redone
            if len(runs) == RUNS:
                break
            report = OUT / f"{name}-{attempt}.json"
            result = subprocess.run(
                [str(LIGHTHOUSE), base + path, "--quiet", "--output=json", f"--output-path={report}",
                 f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES),
                 *([f"--throttling.cpuSlowdownMultiplier={CPU_SLOWDOWN}"] if CPU_SLOWDOWN else [])],
                env=env,
            )  # fmt: skip
            if result.returncode == 0:
                runs.append(json.loads(report.read_text()))
            report.unlink(missing_ok=True)
        if not runs:
            sys.exit(f"Lighthouse failed on {base + path}")
        runs.sort(key=lambda run: run["categories"]["performance"]["score"])
        data = runs[len(runs) // 2]
        (OUT / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        scores = {key: round(data["categories"][key]["score"] * 100) for key in CATEGORIES}
        scores["performance runs"] = [round(run["categories"]["performance"]["score"] * 100) for run in runs]
        scores["benchmark"] = round(data["environment"]["benchmarkIndex"])
        scores["tbt"] = round(data["audits"]["total-blocking-time"]["numericValue"])
        failing = [
            audit["id"]
            for audit in data["audits"].values()
            if audit.get("score") is not None
            and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") == "binary"
            or audit.get("score") is not None
            and audit["score"] < 0.5
        ]
        rows.append((name, path, scores, failing))
        print(f"{name:8} {path}: " + ", ".join(f"{key} {scores[key]}" for key in CATEGORIES), flush=True)
    load = os.getloadavg()[0]
    lines = [
        f"# Lighthouse on a phone, {base}",
        "",
        f"Median of {RUNS} runs per page (performance of each run in the last columns); load average {load:.1f}; "
        f"CPU slowdown {CPU_SLOWDOWN or 'Lighthouse default (4)'}.",
        "",
        "| page | " + " | ".join(CATEGORIES) + " | audits below par | performance runs | TBT ms | benchmarkIndex |",
        "|---|" + "---|" * (len(CATEGORIES) + 4),
    ]
    for name, path, scores, failing in rows:
        cells = " | ".join(str(scores[key]) for key in CATEGORIES)
        runs = " ".join(map(str, scores["performance runs"]))
        lines.append(
            f"| {name} (`{path}`) | {cells} | {', '.join(failing) or '-'} | {runs} | {scores['tbt']} "
            f"| {scores['benchmark']} |"
        )
    low = [(name, key) for name, _path, scores, _f in rows for key in CATEGORIES if scores[key] < BAR]
    lines += ["", f"Below {BAR}: " + (", ".join(f"{name} {key}" for name, key in low) or "none")]
    (OUT / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    run((sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SITE_URL", "http://127.0.0.1:8000")).rstrip("/"))
