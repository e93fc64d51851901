#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests, unless it is already there. playwright-core
# drives it; it never downloads a browser of its own (this network would not allow it).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have stale package lists: refresh them only when the install needs it.
$SUDO apt-get install -y --no-install-recommends chromium || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium; }
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
