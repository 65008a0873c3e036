#!/usr/bin/env bash
# Makes sure the services the queue-mode e2e (e2e/queue.mts) runs n8n on exist: PostgreSQL and
# Redis from Debian's packages `postgresql` and `redis-server`. Installs what is missing with
# apt-get (needs root); does nothing when both are there. It never starts them: e2e/lib/services.mts
# runs them as plain processes with their data in a temp folder, on loopback ports, and stops them.
set -euo pipefail
have_pg() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; }
missing=()
have_pg || missing+=(postgresql)
have_redis || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "[queue-install] missing: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "[queue-install] installing ${missing[*]} with apt-get (once per machine)"
# The packages' install scripts would start system services (PostgreSQL on 5432, Redis on 6379)
# that nobody asked for and that would outlive the run: policy-rc.d answering 101 forbids it.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
have_pg && have_redis || { echo "[queue-install] ${missing[*]} still missing after apt-get" >&2; exit 1; }
echo "[queue-install] done"
