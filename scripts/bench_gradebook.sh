#!/usr/bin/env bash
# Gradebook load test: seeds a demo school of $STUDENTS students (a whole year of marks by
# default: over a million for 5,000 students) into a fresh data directory, starts `serve` on a
# free port of 127.0.0.1, signs in (web sessions for the admin and a parent, an API token for
# the admin), and runs wrk against the gradebook pages and the marks API. Prints req/s, p50 and
# p99 per URL, then the number of SQL statements one request of each page runs (from sqlx's
# debug log), for two classes and for a period against the whole year: equal counts mean no
# query per student or per assessment (no N+1). Builds nothing.
#
#   scripts/bench_gradebook.sh path/to/release/eschool
#
# Environment: STUDENTS (5000), AS_OF (2027-07-03: the demo "as of" that date, so a whole year
# of marks; empty: today), THREADS (2), CONNECTIONS (100), DURATION (20s), DATABASE_URL (a
# PostgreSQL database to use instead of SQLite; it must be empty), KEEP=1 keeps the data dir.
# Needs curl, python3 and wrk (apt-get install -y wrk). Only 127.0.0.1 is ever contacted.
set -euo pipefail

BIN="${1:?usage: $0 path/to/eschool}"
case $BIN in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[[ -x $BIN ]] || { echo "no executable at $BIN" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
STUDENTS="${STUDENTS:-5000}"
AS_OF="${AS_OF-2027-07-03}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-100}"
DURATION="${DURATION:-20s}"
PASSWORD="bench-gradebook-2026"

data=$(mktemp -d "${TMPDIR:-/tmp}/eschool-bench.XXXXXX")
server=""
stop_server() {
  if [[ -n $server ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
cleanup() {
  stop_server
  if [[ ${KEEP:-0} == 1 ]]; then echo "data kept in $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT

export ESCHOOL_DATA_DIR="$data" ESCHOOL_DEMO_PASSWORD="$PASSWORD"
[[ -n ${DATABASE_URL:-} ]] && export DATABASE_URL

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "== machine"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: ${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite}" | sed 's#postgres://[^ ]*#(url hidden)#'

echo "== seeding: eschool demo --students $STUDENTS ${AS_OF:+--as-of $AS_OF}"
ESCHOOL_LOG_LEVEL=warn "$BIN" demo --students "$STUDENTS" ${AS_OF:+--as-of "$AS_OF"} > "$data/seed.log"
head -1 "$data/seed.log"

# Starts the server with a log level; sets $base.
start_server() {
  ESCHOOL_LOG_LEVEL="$1" "$BIN" serve --bind 127.0.0.1:0 > "$data/server.log" 2>&1 &
  server=$!
  base=""
  for _ in $(seq 1 200); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$data/server.log" | head -1 || true)
    [[ -n $base ]] && curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server did not start:" >&2
  cat "$data/server.log" >&2
  exit 1
}

# A web session for $1: the login form's CSRF token, then the form post. Prints the cookie.
session() {
  local jar="$data/jar-$1" token
  token=$(curl -fs -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -fs -o /dev/null -c "$jar" -b "$jar" -X POST "$base/login" \
    --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" --data-urlencode "csrf_token=$token"
  awk '$6 == "eschool_session" { print "eschool_session=" $7 }' "$jar"
}

start_server warn
admin=$(session admin)
parent=$(session parent)
[[ -n $admin && -n $parent ]] || { echo "login failed" >&2; exit 1; }
bearer=$(curl -fs -X POST "$base/api/v2/auth/token" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | json 'd["access_token"]')
api() { curl -fs -H "authorization: Bearer $bearer" "$base$1"; }

# What to ask for: the first class, a student of it, a second class, the parent's child.
classes=$(api "/api/v2/classes?per_page=200" | json '" ".join(str(c["id"]) for c in d["items"])')
class=$(echo "$classes" | cut -d' ' -f1)
class2=$(echo "$classes" | awk '{print $NF}')
student=$(api "/api/v2/students?class_id=$class&per_page=1" | json 'd["items"][0]["id"]')
class_size=$(api "/api/v2/students?class_id=$class&per_page=1" | json 'd["total"]')
class2_size=$(api "/api/v2/students?class_id=$class2&per_page=1" | json 'd["total"]')
echo "class $class ($class_size students), class $class2 ($class2_size students), student $student"

results=()
# wrk against one URL; $1 label, then wrk arguments.
run_wrk() {
  local label=$1 out
  shift
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  echo "$out" > "$data/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '_').txt"
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  results+=("$(printf '%-44s %10s %10s %10s %8s' "$label" "$rps" "$p50" "$p99" "${errors:-0}")")
  echo "${results[-1]}"
}

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
printf '%-44s %10s %10s %10s %8s\n' "URL" "req/s" "p50" "p99" "non-2xx"
run_wrk "GET /students/$student/results (admin)" -H "Cookie: $admin" "$base/students/$student/results"
run_wrk "GET /classes/$class/gradebook (admin)" -H "Cookie: $admin" "$base/classes/$class/gradebook"
run_wrk "GET / (parent)" -H "Cookie: $parent" "$base/"

# Saving a column of marks: the API route comes from the gradebook pages work; skipped when
# this binary does not serve it.
assessment=$(api "/api/v2/assessments?class_id=$class&per_page=200" 2>/dev/null |
  json '[a["id"] for a in d["items"] if a.get("published_on")][-1]' 2>/dev/null || true)
if [[ -n $assessment ]] && curl -fs -o /dev/null -H "authorization: Bearer $bearer" "$base/api/v2/assessments/$assessment/marks"; then
  ids=$(api "/api/v2/students?class_id=$class&per_page=200" | json '",".join(str(s["id"]) for s in d["items"][:30])')
  cat > "$data/marks.lua" <<LUA
-- Two columns of ~30 marks, alternated so every request changes every mark.
local ids = { $ids }
local function body(shift)
  local cells = {}
  for i, id in ipairs(ids) do
    local v = (i * 7 + shift) % 21
    cells[#cells + 1] = string.format('{"student_id":%d,"value":"%d,5"}', id, v % 20)
  end
  return '{"marks":[' .. table.concat(cells, ",") .. ']}'
end
local bodies = { body(0), body(3) }
local n = 0
request = function()
  n = n + 1
  return wrk.format("PUT", nil, {
    ["Authorization"] = "Bearer $bearer",
    ["Content-Type"] = "application/json",
  }, bodies[n % 2 + 1])
end
LUA
  run_wrk "PUT /api/v2/assessments/$assessment/marks (30)" -s "$data/marks.lua" "$base/api/v2/assessments/$assessment/marks"
else
  echo "PUT /api/v2/assessments/{id}/marks: skipped (this binary does not serve the marks API)"
fi

# Statements per request, from sqlx's debug log (one line per statement).
echo "== SQL statements per request (sqlx::query debug log)"
stop_server
start_server "warn,sqlx::query=debug"
admin=$(session admin)
parent=$(session parent)
count_queries() {
  local label=$1 cookie=$2 path=$3 before after
  sleep 0.3
  before=$(grep -c 'sqlx::query' "$data/server.log" || true)
  curl -fs -o /dev/null -H "Cookie: $cookie" "$base$path"
  sleep 0.3
  after=$(grep -c 'sqlx::query' "$data/server.log" || true)
  printf '%-60s %4d\n' "$label" $((after - before))
}
count_queries "/students/$student/results (period)" "$admin" "/students/$student/results"
count_queries "/students/$student/results?period_id=year" "$admin" "/students/$student/results?period_id=year"
count_queries "/classes/$class/gradebook ($class_size students, period)" "$admin" "/classes/$class/gradebook"
count_queries "/classes/$class/gradebook?period_id=year" "$admin" "/classes/$class/gradebook?period_id=year"
count_queries "/classes/$class2/gradebook ($class2_size students, period)" "$admin" "/classes/$class2/gradebook"
count_queries "/ (parent)" "$parent" "/"
