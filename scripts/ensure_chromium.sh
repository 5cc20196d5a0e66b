#!/usr/bin/env bash
# Browser tests drive the system Chromium; install it from the system packages if missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing. Install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "Installing Chromium from the system packages..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
