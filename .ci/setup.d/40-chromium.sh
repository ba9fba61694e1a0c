#!/usr/bin/env bash
# Headless Chromium from Debian for the dashboard's browser tests (tests/dashboard/), driven by
# Playwright (tests/dashboard/chromium.py finds it on PATH): Playwright's own browser download cannot
# be fetched here. Without a Chromium the browser tests fail under CI=true and skip, saying why, elsewhere.
set -euo pipefail
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
