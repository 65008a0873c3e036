#!/usr/bin/env bash
# The published tarball holds only dist, package.json, README and LICENSE.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(npm pack --dry-run --json 2>/dev/null | node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));for(const f of j[0].files)console.log(f.path)')
bad=$(echo "$files" | grep -Ev '^(dist/|package\.json$|README\.md$|LICENSE\.md$)' || true)
echo "$files" | sed 's/^/  /' | head -n 400 | tail -n 400 >/dev/null
count=$(echo "$files" | wc -l)
if [ -n "$bad" ]; then echo "unexpected files in the package:"; echo "$bad"; exit 1; fi
for need in dist/nodes/RunningHub/RunningHub.node.js dist/credentials/RunningHubApi.credentials.js dist/icons/runninghub.svg package.json; do
  echo "$files" | grep -qx "$need" || { echo "missing from the package: $need"; exit 1; }
done
echo "package holds $count files: dist, package.json, README, LICENSE only"
