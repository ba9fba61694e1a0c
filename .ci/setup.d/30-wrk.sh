#!/usr/bin/env bash
# wrk, the HTTP load generator the benchmark harness (and its smoke test) drives.
set -euo pipefail
if ! command -v wrk >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
fi
