"""Run the whole test suite: on SQLite, then on PostgreSQL when a server is reachable.

The browser tests run on SQLite when Chromium is installed. Tests run in parallel, one worker per
CPU (`OPENCITY_TEST_WORKERS=1` runs them in one process). Whatever cannot run here is said
clearly, with the reason, in the summary at the end. Exit status: non-zero if any part failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("OPENCITY_CHROMIUM", "/usr/bin/chromium")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/opencity"


def postgres_url() -> tuple[str | None, str]:
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = ""
    url = url or DEFAULT_POSTGRES_URL
    try:
        import environ
        import psycopg

        config = environ.Env.db_url_config(url)
        with psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=int(config["PORT"] or 5432),
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            pass
    except Exception as error:  # any failure means: no usable server
        return None, f"no PostgreSQL server answered at {url} ({error.__class__.__name__}: {error})"
    return url, ""


def parallel() -> list[str]:
    """One pytest worker per CPU (pytest-xdist), each with its own test database; a test file
    stays on one worker, so that its module fixtures (a browser, a data set) are built once."""
    workers = os.environ.get("OPENCITY_TEST_WORKERS") or str(max(1, os.cpu_count() or 1))
    if workers == "1":
        return []
    return ["-n", workers, "--dist", "loadfile"]


def run(label: str, env_changes: dict[str, str], args: list[str]) -> int:
    env = {**os.environ, "OPENCITY_ENV": "test", **env_changes}
    command = [sys.executable, "-m", "pytest", *parallel(), *args]
    print(f"\n=== {label}: {' '.join(command[2:])}", flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


def main(extra: list[str]) -> int:
    results: list[tuple[str, int]] = []
    skipped: list[str] = []
    has_chromium = bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))
    if not has_chromium:
        skipped.append(
            f"browser tests: Chromium not found at {CHROMIUM} (apt-get install chromium)"
        )

    sqlite_env = {"DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'test-sqlite.sqlite3'}"}
    results.append(
        (
            "SQLite (with browser tests)" if has_chromium else "SQLite",
            run("SQLite", sqlite_env, extra),
        )
    )

    url, why = postgres_url()
    if url:
        code = run("PostgreSQL", {"DATABASE_URL": url}, ["-m", "not browser", *extra])
        results.append(("PostgreSQL", code))
    else:
        skipped.append(f"PostgreSQL part: {why}; set DATABASE_URL to run it")

    print("\n=== Summary")
    for label, code in results:
        print(f"  {label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    for reason in skipped:
        print(f"  SKIPPED {reason}")
    return 0 if all(code == 0 for _label, code in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
