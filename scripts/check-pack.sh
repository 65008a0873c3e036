#!/usr/bin/env bash
# The published tarball holds only dist (no source maps), package.json, README and LICENSE;
# prints its size. The check itself: scripts/check-pack.mts (tested in test/package).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx scripts/check-pack.mts
