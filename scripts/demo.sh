#!/usr/bin/env bash
# `npm run demo`: one command from a fresh clone to a running n8n with this package, a
# RunningHub credential and the example workflows. See scripts/demo.mts for the options
# (DEMO_PORT, RUNNINGHUB_API_KEY, RUNNINGHUB_SITE, DEMO_KEEP_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/n8n-node ]; then
  echo "[demo] installing the project's dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "[demo] building the package (npm run build)"
npm run build --silent
# One node process (no npx/tsx wrapper in between), so Ctrl-C and SIGTERM reach the demo itself,
# which stops n8n, its task runner and the simulator before exiting.
exec node --import tsx scripts/demo.mts
