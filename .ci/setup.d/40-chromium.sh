#!/usr/bin/env bash
# Headless Chromium from Debian for the dashboard's browser tests (tests/dashboard/), driven by
# Playwright with executable_path=/usr/bin/chromium: Playwright's own browser download is never used.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
