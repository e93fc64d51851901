#!/usr/bin/env bash
# Install Debian's redis-server for the token-store tests, unless it is already there. The tests
# start their own server on 127.0.0.1 and a free port, without persistence, and stop it by PID;
# this only puts the binary on the machine (the Debian service it may start is left alone).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server: $(redis-server --version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have stale package lists: refresh them only when the install needs it.
$SUDO apt-get install -y --no-install-recommends redis-server || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends redis-server; }
echo "redis-server: $(redis-server --version)"
