"""A private PostgreSQL server in a folder of its own, for ``make serve-postgres`` and the tests:
Debian's ``postgresql`` and ``postgresql-15-postgis-3`` binaries, a cluster made with initdb on
first use, listening on loopback only, trusting local connections (it is one user's).

Usage: python -m store.pg_local start FOLDER [--port N]   (prints the database URL)
       python -m store.pg_local stop FOLDER
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DATABASE = "incident_map"


class Unavailable(RuntimeError):
    """PostgreSQL's server programs are not installed here (the message says what to install)."""


def binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        found_on_path = shutil.which("initdb")
        if found_on_path is None:
            raise Unavailable("PostgreSQL is not installed: apt-get install postgresql postgresql-15-postgis-3")
        return Path(found_on_path).parent
    return found[-1].parent


def _as_owner(folder: Path) -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres user Debian's package made
    if os.geteuid() != 0:
        return []
    shutil.chown(folder, "postgres", "postgres")
    return ["runuser", "-u", "postgres", "--"]


def start(folder: Path, port: int) -> str:
    """Start (making it if needed) the server in ``folder``; returns the URL of its database."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    bin_ = binaries()
    owner = _as_owner(folder)
    data = folder / "data"
    if not (data / "PG_VERSION").exists():
        subprocess.run([*owner, str(bin_ / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    running = subprocess.run([*owner, str(bin_ / "pg_ctl"), "status", "-D", str(data)], capture_output=True)
    if running.returncode != 0:
        subprocess.run([*owner, str(bin_ / "pg_ctl"), "start", "-w", "-D", str(data), "-l", str(folder / "server.log"),
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"],
                       check=True, capture_output=True)
    else:
        port = int((data / "postmaster.pid").read_text().splitlines()[3])
    url = f"postgresql://postgres@127.0.0.1:{port}"
    _create_database(url)
    return f"{url}/{DATABASE}"


def _create_database(url: str) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
                    conn.execute(f"CREATE DATABASE {DATABASE}")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(folder: Path) -> None:
    data = Path(folder).resolve() / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run([*_as_owner(Path(folder).resolve()), str(binaries() / "pg_ctl"), "stop", "-m", "fast", "-w",
                        "-D", str(data)], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=5433)
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            print(start(args.folder, args.port))
        else:
            stop(args.folder)
    except (Unavailable, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print(f"{exc} {detail.decode(errors='replace')}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
