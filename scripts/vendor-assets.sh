#!/usr/bin/env bash
# Refreshes the front-end files vendored from the npm registry into static/.
# They are committed: the binary serves them and nothing is fetched at build or run time.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null && tar xzf "htmx.org-$HTMX_VERSION.tgz")
cp "$work/package/dist/htmx.min.js" static/htmx.min.js
printf 'htmx.org %s (npm), dist/htmx.min.js, BSD-2-Clause\n' "$HTMX_VERSION" > static/VENDORED.txt
echo "vendored htmx.org $HTMX_VERSION"
