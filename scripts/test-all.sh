#!/usr/bin/env bash
# `npm test`: everything that tests the project, in one run. Each step's own pass/fail counts
# are added up into the closing line. Set SKIP_E2E=1 for a quick run without real n8n.
set -uo pipefail
cd "$(dirname "$0")/.."
export FORCE_COLOR=0 NO_COLOR=1
# A fresh clone: install the project's own dependencies first (n8n for e2e installs itself later).
if [ ! -x node_modules/.bin/n8n-node ] || [ ! -x node_modules/.bin/tsx ] || [ ! -x node_modules/.bin/jscpd ] || [ ! -x node_modules/.bin/depcruise ]; then
  echo "[test] installing the project's dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi
passed=0 failed=0 failed_steps=()
log_dir=$(mktemp -d)

count() { # adds the counts a step printed: node:test "# pass N / # fail N" or "N passed, N failed"
  local out=$1 p f
  p=$(grep -E '^# pass [0-9]+' "$out" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail [0-9]+' "$out" | awk '{s+=$3} END {print s+0}')
  if [ "$p" = 0 ] && [ "$f" = 0 ]; then
    p=$(grep -Eo '^[A-Za-z-]*:? ?[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
    f=$(grep -Eo '^[A-Za-z-]*:? ?[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
  fi
  echo "${p:-0} ${f:-0}"
}

step() { # step NAME COMMAND...: runs it, shows its output, counts it (a check without counts is 1 test)
  local name=$1; shift
  local out="$log_dir/$(echo "$name" | tr -c 'A-Za-z0-9' '_').log"
  echo; echo "=== $name"
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  read -r p f < <(count "$out")
  if [ "$p" = 0 ] && [ "$f" = 0 ]; then
    if [ "$rc" = 0 ]; then p=1; else f=1; fi
  elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" = 0 ] || failed_steps+=("$name")
  echo "--- $name: $p passed, $f failed (exit $rc)"
}

step "lint: shipped code with n8n's community rules (n8n-node lint)" npx n8n-node lint
step "lint: n8n verification scanner scope" npx eslint package.json nodes credentials
step "lint: dev tooling" npx eslint -c eslint.dev.config.mjs .
# One home for each concept (ARCHITECTURE.md): no hand-written copy of 10+ lines in shipped code.
step "copies: nodes/ and credentials/ (jscpd)" npx tsx scripts/check-copies.mts
# The layers of ARCHITECTURE.md: nodes/<Node>/ → actions → core, resources apart, no cycle.
step "imports: layers of nodes/ and credentials/ (dependency-cruiser)" npx tsx scripts/check-imports.mts
step "typecheck: everything" npx tsc -p tsconfig.dev.json --noEmit
step "build" npm run build --silent
step "package contents" bash scripts/check-pack.sh
# n8n's verification scanner on the packed tarball and this checkout, offline (tools/scanner).
step "n8n verification scanner (@n8n/scan-community-package)" npx tsx scripts/scan-package.mts
step "actionlint: GitHub Actions workflows" npx tsx scripts/lint-workflows.mts
step "unit and contract tests" bash -c 'shopt -s globstar nullglob; node --import tsx --test --test-concurrency=2 test/**/*.test.mts'
# Every fault of issue 8 injected through the simulator, the invariants checked on each (test/faults).
step "fault-injection suite" npx tsx test/faults/run.mts
if [ "${SKIP_E2E:-0}" != 1 ] && [ -f e2e/run.mts ]; then
  # Every benchmark end to end at tiny sizes (real n8n), so `npm run bench` cannot rot; no speed targets.
  step "bench smoke: real n8n 2.8.4" npx tsx bench/run.mts --smoke --no-build
  step "e2e: real n8n 2.8.4 (Node 20)" npx tsx e2e/run.mts --n8n 2.8.4
  step "e2e: real n8n 2.41.1 (Node 24)" npx tsx e2e/run.mts --n8n 2.41.1
  # Queue mode: PostgreSQL + Redis (apt-installed when missing), main, 2 workers, webhook processor.
  step "e2e: n8n 2.41.1 in queue mode" npm run --silent e2e:queue
fi

echo
echo "=== summary"
[ ${#failed_steps[@]} -eq 0 ] || printf 'failed step: %s\n' "${failed_steps[@]}"
rm -rf "$log_dir"
echo "total: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ]
