#!/usr/bin/env bash
# Browser tests: starts two eSchool servers on free ports, each on a fresh temporary data
# directory, and runs tests/*.test.mjs against them with node's test runner, driving Debian's
# chromium through playwright-core. Builds nothing: run `cargo build` first.
#
#   - the demo server:  serve --demo --students 60 (every demo login, one shared password)
#   - the setup server: serve on an empty data directory, so every page leads to /setup
#
# Environment:
#   ESCHOOL_BIN   the server binary (default: ../target/debug/eschool, relative to browser/)
#   CHROMIUM_PATH the browser (default: /usr/bin/chromium; `apt-get install -y chromium`)
#   KEEP_LOGS=1   keep the temporary directory (server logs, axe results) after the run
# Arguments, if any, are passed to `node --test` instead of the test files (e.g. one file).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

bin=${ESCHOOL_BIN:-../target/debug/eschool}
case $bin in /*) ;; *) bin="$here/$bin" ;; esac
if [[ ! -x $bin ]]; then
  echo "run.sh: no server binary at $bin; run 'cargo build' first or set ESCHOOL_BIN" >&2
  exit 2
fi
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "run.sh: no chromium at $chromium; install it with 'apt-get install -y chromium'" >&2
  exit 2
fi

# A fixed password for every demo account (at least 10 characters).
demo_password='browser-tests-demo-2026'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eschool-browser.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP_LOGS:-} == 1 ]]; then
    echo "run.sh: logs kept in $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# healthy URL: whether URL answers 2xx (curl when installed, else node's fetch).
healthy() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
  fi
}

# start_server NAME DATA_DIR [serve args...]: starts the server on a free port, waits until
# /healthz answers, and sets $started_url. A clean environment keeps the caller's ESCHOOL_* and
# DATABASE_URL settings out.
start_server() {
  local name=$1 data=$2
  shift 2
  local attempt port pid log="$tmp/$name.log"
  for attempt in 1 2 3; do
    port=$(free_port)
    env -i PATH="$PATH" HOME="${HOME:-/root}" \
      ESCHOOL_CONFIG="$tmp/no-config.toml" ESCHOOL_DATA_DIR="$data" ESCHOOL_LOG_LEVEL=warn \
      ${ESCHOOL_SERVER_ENV:-} \
      "$bin" serve "$@" --bind "127.0.0.1:$port" >>"$log" 2>&1 &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 300); do
      if healthy "http://127.0.0.1:$port/healthz"; then
        started_url="http://127.0.0.1:$port"
        echo "run.sh: $name server on $started_url (pid $pid)"
        return 0
      fi
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "run.sh: $name server did not start on port $port (attempt $attempt)" >&2
  done
  echo "---- $log" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
}

mkdir -p "$tmp/demo-data" "$tmp/setup-data"
ESCHOOL_SERVER_ENV="ESCHOOL_DEMO_PASSWORD=$demo_password" \
  start_server demo "$tmp/demo-data" --demo --students 60
demo_url=$started_url
start_server setup "$tmp/setup-data"
setup_url=$started_url

if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  echo "run.sh: installing node modules (npm ci)"
  npm ci --no-audit --no-fund
fi

if [[ $# -gt 0 ]]; then
  tests=("$@")
else
  tests=(tests/*.test.mjs)
fi

started=$(date +%s)
set +e
ESCHOOL_BASE_URL=$demo_url \
ESCHOOL_SETUP_URL=$setup_url \
ESCHOOL_DEMO_PASSWORD=$demo_password \
ESCHOOL_AXE_LOG="$tmp/axe.jsonl" \
CHROMIUM_PATH=$chromium \
  node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tmp/results.tap" \
    "${tests[@]}"
status=$?
set -e

if [[ $status -ne 0 ]]; then
  for name in demo setup; do
    echo "---- $name server log (last 20 lines)"
    tail -n 20 "$tmp/$name.log" || true
  done
fi
# Last: one line per axe scan, then the counts, ending with 'browser: N passed, N failed'.
node lib/summary.mjs "$tmp/axe.jsonl" "$tmp/results.tap" "$(($(date +%s) - started))"
exit $status
