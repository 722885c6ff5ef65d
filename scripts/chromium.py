"""Where the book finds a headless Chromium: for the browser tests and for `make bench`.

CHROMIUM=/path (or a name on PATH) wins. Then the names Debian, Ubuntu and Google install
under, their usual paths (Ubuntu's snap is not on every PATH), and last the Chromium that
`playwright install chromium` downloads, as on GitHub's runners.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Headless and quiet: no sandbox (CI runs as root), no GPU, and no request to any host
# but the site under test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Debian's package, Ubuntu's snap and Google Chrome, by the names they install under.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
CHROMIUM_PATHS = ("/usr/bin/chromium", "/snap/bin/chromium", "/opt/google/chrome/chrome")


def playwright_chromium() -> str | None:
    """The Chromium that `playwright install chromium` downloaded, if it did."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).is_file() else None


def find_chromium() -> tuple[str | None, str]:
    """The Chromium to use, and how it was found (for a report to say)."""
    if os.environ.get("CHROMIUM"):
        found = shutil.which(os.environ["CHROMIUM"])
        return found, f"CHROMIUM={os.environ['CHROMIUM']}"
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found, f"{name} on PATH"
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path, path
    if found := playwright_chromium():
        return found, "Playwright's own download"
    return None, "nowhere (tried CHROMIUM=, " + ", ".join(CHROMIUM_NAMES + CHROMIUM_PATHS) + ")"


def chromium_version(executable: str) -> str:
    try:
        result = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"version unknown ({error})"
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]
