#!/usr/bin/env bash
# Idempotent: Debian's Chromium and Node.js/npm for the web app's journeys (tests/web, web/e2e).
# Called by `make browser-deps` (a prerequisite of `make test`). Playwright itself is a pinned
# dev dependency of web/ (npm ci in `make web-deps`); it drives this Chromium, never a download.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi
