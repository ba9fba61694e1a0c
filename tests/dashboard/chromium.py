"""Where the dashboard's browser tests find a Chromium: wherever it is installed.

In order: the MOCK_BOTCAKE_CHROMIUM variable (a path), a Chromium or Chrome on PATH (Debian's
chromium, Ubuntu's chromium-browser, google-chrome), then Playwright's own download
(`playwright install chromium`), found through Playwright's public ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

ENVIRONMENT = "MOCK_BOTCAKE_CHROMIUM"
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HOW_TO_GET_ONE = (
    f"no Chromium found (looked at ${ENVIRONMENT}, {', '.join(ON_PATH)} on PATH, and Playwright's own "
    "browser): apt-get install chromium, or .venv/bin/playwright install chromium, or set "
    f"{ENVIRONMENT}=/path/to/chrome"
)


class NoChromium(Exception):
    """Why no browser can be launched, in words for a skip or a failure."""


def find_chromium(browser_type: Any) -> Path:
    """The executable to launch; ``browser_type`` is Playwright's ``playwright.chromium``."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen:
        if not Path(chosen).is_file():
            raise NoChromium(f"{ENVIRONMENT}={chosen} is not a file")
        return Path(chosen)
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return Path(found)
    own = Path(browser_type.executable_path)
    if own.is_file():
        return own
    raise NoChromium(HOW_TO_GET_ONE)
