#!/usr/bin/env bash
# `npm run demo`: one command from a fresh clone to a running n8n with this package, a
# RunningHub credential and the example workflows. See scripts/demo.mts for the options
# (DEMO_PORT, RUNNINGHUB_API_KEY, RUNNINGHUB_SITE, DEMO_KEEP_DATA, DEMO_N8N_VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/n8n-node ]; then
  echo "[demo] installing the project's dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
# Build and pack in one short step, under a lock when flock exists, so another build in this
# checkout (npm test, a second demo) cannot rewrite dist/ while it is being packed.
pack_dir="$PWD/.e2e-work/demo-pack"
rm -rf "$pack_dir" && mkdir -p "$pack_dir"
build_and_pack="npm run build --silent && npm pack --ignore-scripts --pack-destination '$pack_dir' >/dev/null 2>&1"
echo "[demo] building and packing the package (npm run build, npm pack)"
if command -v flock >/dev/null 2>&1; then
  flock /tmp/rh-build.lock bash -c "$build_and_pack"
else
  bash -c "$build_and_pack"
fi
DEMO_TARBALL=$(ls "$pack_dir"/*.tgz)
export DEMO_TARBALL
# One node process (no npx/tsx wrapper in between), so Ctrl-C and SIGTERM reach the demo itself,
# which stops n8n, its task runner and the simulator before exiting.
exec node --import tsx scripts/demo.mts
