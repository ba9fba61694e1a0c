"""Installing what the harness drives, outside the repository: wrk, the npm peers, extra servers.

Everything lands in ``~/.cache/mock-botcake-bench`` (or comes from Debian's packages for wrk). A tool
that cannot be installed makes its peer skipped, with the reason, never the whole run fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .registry import CACHE

NPM_PEERS = ("wiremock@3", "@stoplight/prism-cli@5")
NPM_DIR = CACHE / "npm"
PY_DIR = CACHE / "py"


class Unavailable(Exception):
    """A tool or peer that cannot be installed here; the message says why."""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("wrk is missing: install it (Debian: apt-get install wrk) and run again")
    print("  .. installing wrk from Debian's packages", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


def npm_peers() -> Path:
    """``node_modules`` holding WireMock's jar and Prism, installed on first use."""
    modules = NPM_DIR / "node_modules"
    if (modules / "wiremock").is_dir() and (modules / "@stoplight" / "prism-cli").is_dir():
        return modules
    npm = shutil.which("npm")
    if not npm:
        raise Unavailable("npm is not installed")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    print(f"  .. installing {' '.join(NPM_PEERS)} into {NPM_DIR}", flush=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund", "--silent", *NPM_PEERS],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Unavailable(f"npm install failed: {result.stderr.strip()[-300:]}")
    return modules


def wiremock_jar() -> Path:
    if not shutil.which("java"):
        raise Unavailable("java is not installed")
    jars = sorted((npm_peers() / "wiremock" / "build").glob("wiremock-standalone-*.jar"))
    if not jars:
        raise Unavailable("the npm package wiremock ships no standalone jar")
    return jars[-1]


def prism_command() -> list[str]:
    node = shutil.which("node")
    if not node:
        raise Unavailable("node is not installed")
    return [node, str(npm_peers() / "@stoplight" / "prism-cli" / "dist" / "index.js")]


def python_packages(*requirements: str) -> Path:
    """A folder to put on PYTHONPATH holding ``requirements`` (for servers the fake does not depend on)."""
    target = PY_DIR
    missing = [req for req in requirements if not _importable(req, target)]
    if missing:
        print(f"  .. installing {' '.join(missing)} into {target}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), *missing],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise Unavailable(f"pip install {' '.join(missing)} failed: {result.stderr.strip()[-300:]}")
    return target


def _importable(requirement: str, target: Path) -> bool:
    name = requirement.split("=")[0].split(">")[0].split("<")[0].replace("-", "_")
    return (target / name).is_dir()
