#!/usr/bin/env bash
# Bulletin issuing load test: seeds a demo school of $STUDENTS students (marks up to $AS_OF)
# into a fresh data directory, starts `serve` on a free port of 127.0.0.1, closes trimester 1
# through the API if needed, then issues the whole school's bulletins for it through the API
# (POST /api/v2/bulletins, scope "school") and polls the job until it ends. Prints the elapsed
# time, bulletins per second, the server's peak RSS (VmHWM), and the latency of a results page
# (curl, $SAMPLES requests) before the job and while it runs. Builds nothing.
#
#   scripts/bench_bulletins.sh path/to/release/eschool [DATABASE_URL]
#
# Environment: STUDENTS (5000), AS_OF (2027-07-03; empty: today), SAMPLES (20),
# DATABASE_URL (or the second argument: an empty PostgreSQL database instead of SQLite),
# KEEP=1 keeps the data dir. Needs curl and python3. Only 127.0.0.1 is ever contacted.
set -euo pipefail

BIN="${1:?usage: $0 path/to/eschool [DATABASE_URL]}"
case $BIN in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[[ -x $BIN ]] || { echo "no executable at $BIN" >&2; exit 2; }
[[ -n ${2:-} ]] && DATABASE_URL="$2"
STUDENTS="${STUDENTS:-5000}"
AS_OF="${AS_OF-2027-07-03}"
SAMPLES="${SAMPLES:-20}"
PASSWORD="bench-bulletins-2026"

data=$(mktemp -d "${TMPDIR:-/tmp}/eschool-bench.XXXXXX")
server=""
cleanup() {
  if [[ -n $server ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [[ ${KEEP:-0} == 1 ]]; then echo "data kept in $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT

export ESCHOOL_DATA_DIR="$data" ESCHOOL_DEMO_PASSWORD="$PASSWORD"
[[ -n ${DATABASE_URL:-} ]] && export DATABASE_URL

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "== machine"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); RAM: $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "database: ${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite}" | sed 's#postgres://[^ ]*#(url hidden)#'

echo "== seeding: eschool demo --students $STUDENTS ${AS_OF:+--as-of $AS_OF}"
ESCHOOL_LOG_LEVEL=warn "$BIN" demo --students "$STUDENTS" ${AS_OF:+--as-of "$AS_OF"} > "$data/seed.log" 2> "$data/seed.err"
head -1 "$data/seed.log"

ESCHOOL_LOG_LEVEL=warn "$BIN" serve --bind 127.0.0.1:0 > "$data/server.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 200); do
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$data/server.log" | head -1 || true)
  [[ -n $base ]] && curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
[[ -n $base ]] || { echo "the server did not start" >&2; cat "$data/server.log" >&2; exit 1; }

bearer=$(curl -fs -X POST "$base/api/v2/auth/token" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | json 'd["access_token"]')
api() { curl -fsS -H "authorization: Bearer $bearer" -H 'content-type: application/json' "$@"; }

# Trimester 1 of the current year: the first period of the newest year.
period=$(api "$base/api/v2/periods?per_page=200" | json 'sorted(d["items"], key=lambda p: (-p["year_id"], p["position"]))[0]["id"]')
api -X POST "$base/api/v2/periods/$period/close" -o /dev/null 2>/dev/null || true
student=$(api "$base/api/v2/students?per_page=1" | json 'd["items"][0]["id"]')
page="$base/api/v2/students/$student/results?period_id=$period"

# $SAMPLES sequential requests of the results page: p50 and max in ms.
latency() {
  local times=()
  for _ in $(seq 1 "$SAMPLES"); do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "authorization: Bearer $bearer" "$page")")
  done
  printf '%s\n' "${times[@]}" | python3 -c "import sys; t=sorted(float(x)*1000 for x in sys.stdin); print(f'p50 {t[len(t)//2]:.1f} ms, max {t[-1]:.1f} ms ({len(t)} requests)')"
}

echo "== results page latency before the job: $(latency)"

start=$(date +%s.%N)
job=$(api -X POST "$base/api/v2/bulletins" -d "{\"period_id\":$period,\"scope\":\"school\"}" | json 'd["id"]')
echo "== job $job started"
during=$(latency)
echo "== results page latency during the job: $during"
status=""
while :; do
  body=$(api "$base/api/v2/bulletin-jobs/$job")
  status=$(echo "$body" | json 'd["status"]')
  [[ $status == succeeded || $status == failed ]] && break
  sleep 0.5
done
end=$(date +%s.%N)
echo "$body" | json '"status %s: %s/%s done, %s issued, error: %s" % (d["status"], d["done"], d["total"], d["issued"], d["error"])'
issued=$(echo "$body" | json 'd["issued"]')
python3 -c "e=$end-$start; print(f'elapsed {e:.1f} s, {$issued/e:.1f} bulletins/s')"
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")"
[[ $status == succeeded ]]
