"""Benchmark of the reading site: gunicorn + PostgreSQL + Redis, loaded with wrk.

    .venv/bin/python bench/reading_site.py [--duration 15] [--connections 16]

Creates a throwaway database (bulletin_bench), loads 3 series × 200 issues ×
8 articles of ~3,000 characters plus one issue of 10 such articles, starts
gunicorn (2 sync workers, production settings) on 127.0.0.1 and measures
requests per second and p50/p99 latency of the home, archive and issue pages
with wrk — cached (Redis) and uncached (dummy cache) — and of the same issue
HTML served as a static file by whitenoise. It also times the uncached
render of the issue page in-process (server time, no network). Results are
printed as a table and written to bench/results/reading_site.json.
"""

import argparse
import json
import os
import shutil
import subprocess

from harness import (
    PYTHON,
    RESULTS,
    ROOT,
    collect_static,
    fresh_database,
    run,
    start_gunicorn,
    wait_for,
    wrk_figures,
)

DB = "bulletin_bench"
PORT = 8765
REDIS = "redis://127.0.0.1:6379/14"

BASE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
}


def wrk(path: str, duration: int, connections: int) -> dict:
    url = f"http://127.0.0.1:{PORT}{path}"
    return wrk_figures(
        subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-data", action="store_true", help="reuse bulletin_bench")
    options = parser.parse_args()

    env = {**BASE_ENV, "CACHE_URL": REDIS}
    if not options.keep_data:
        fresh_database(DB, env, series=3, issues=200, articles=8)
    collect_static(env)
    timing = json.loads(
        subprocess.run(
            [PYTHON, "bench/dataset.py", "--render"],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # The same bytes as a static file, served by whitenoise from STATIC_ROOT.
    static_dir = ROOT / "staticfiles" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(timing.pop("html_file"), static_dir / "issue.html")

    RESULTS.mkdir(exist_ok=True)
    results = {"render": timing, "cached": {}, "uncached": {}}
    pages = {
        "home": "/",
        "archive": timing["archive_path"],
        "issue": timing["issue_path"],
    }
    for label, cache_url in (("cached", REDIS), ("uncached", "dummy://")):
        run("redis-cli", "-n", "14", "flushdb", stdout=subprocess.DEVNULL)
        log = open(RESULTS / f"server-{label}.log", "w")  # noqa: SIM115
        server = start_gunicorn({**env, "CACHE_URL": cache_url}, PORT, log)
        try:
            wait_for(f"http://127.0.0.1:{PORT}/healthz")
            for name, path in pages.items():
                wrk(path, 2, options.connections)  # warm-up
                results[label][name] = wrk(path, options.duration, options.connections)
            if label == "cached":
                results["static_issue"] = wrk(
                    "/static/bench/issue.html", options.duration, options.connections
                )
        finally:
            server.terminate()
            server.wait()
            log.close()
    ratio = results["cached"]["issue"]["rps"] / results["static_issue"]["rps"]
    results["cached_issue_vs_static"] = round(ratio, 3)

    (RESULTS / "reading_site.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
    print(
        f"issue page: {timing['issue_bytes']:,} bytes of HTML, {timing['articles']} articles"
    )
    print(
        f"uncached render in-process: median {timing['median_ms']:.2f} ms, "
        f"p95 {timing['p95_ms']:.2f} ms ({timing['queries']} queries)"
    )
    print("| page | cache | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for label in ("cached", "uncached"):
        for name, figures in results[label].items():
            print(
                f"| {name} | {label} | {figures['rps']:.0f} | {figures['p50_ms']:.2f} | "
                f"{figures['p99_ms']:.2f} | {figures['errors']} |"
            )
    static = results["static_issue"]
    print(
        f"| issue as static file | whitenoise | {static['rps']:.0f} | "
        f"{static['p50_ms']:.2f} | {static['p99_ms']:.2f} | {static['errors']} |"
    )
    print(f"cached issue page / static file: {ratio:.0%}")
    shutil.rmtree(static_dir)


if __name__ == "__main__":
    main()
