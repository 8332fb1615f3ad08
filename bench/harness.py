"""What the benchmarks share: a throwaway PostgreSQL database with data,
gunicorn with production settings on 127.0.0.1, and wrk's figures."""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"


def collect_static(env: dict) -> None:
    """Static files as gunicorn serves them with production settings."""
    run(
        PYTHON,
        "manage.py",
        "collectstatic",
        "--noinput",
        env=env,
        stdout=subprocess.DEVNULL,
    )


def production_env(database: str, cache_url: str) -> dict:
    """Environment of a gunicorn run with production settings on 127.0.0.1."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "CACHE_URL": cache_url,
    }


def run(*args, env=None, **kwargs):
    """A command in the project folder, with ``env`` added to ours."""
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
        timeout=1800,
        **kwargs,
    )


def psql(sql: str) -> None:
    run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql)


def fresh_database(
    name: str, env: dict, *, series: int, issues: int, articles: int
) -> None:
    """Drop and create ``name``, migrate it and load bench/dataset.py's data."""
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    run(PYTHON, "manage.py", "migrate", "--noinput", env=env, stdout=subprocess.DEVNULL)
    run(
        PYTHON,
        "bench/dataset.py",
        *(
            "--series",
            str(series),
            "--issues",
            str(issues),
            "--articles",
            str(articles),
        ),
        env=env,
    )


def start_gunicorn(env: dict, port: int, log, workers: int = 2) -> subprocess.Popen:
    """gunicorn as in production; its request log goes to ``log``."""
    return subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "bulletin_cms.wsgi",
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stderr=log,
    )


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * UNITS[unit]


def wrk_figures(output: str) -> dict:
    """Requests, requests/s, p50/p90/p99 (ms), non-2xx/3xx responses and
    socket errors of one ``wrk --latency`` run."""
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(latency["50"]),
        "p90_ms": to_ms(latency["90"]),
        "p99_ms": to_ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }
