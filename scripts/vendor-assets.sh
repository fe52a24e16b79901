#!/usr/bin/env bash
# Refreshes the front-end files vendored from the npm registry into static/.
# They are committed: the binary serves them and nothing is fetched at build or run time.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
SWAGGER_UI_VERSION=5.35.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null && tar xzf "htmx.org-$HTMX_VERSION.tgz")
cp "$work/package/dist/htmx.min.js" static/htmx.min.js
(cd "$work" && rm -rf package && npm pack --silent "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null \
  && tar xzf "swagger-ui-dist-$SWAGGER_UI_VERSION.tgz")
mkdir -p static/swagger-ui
cp "$work/package/swagger-ui-bundle.js" "$work/package/swagger-ui.css" "$work/package/LICENSE" static/swagger-ui/
{
  printf 'htmx.org %s (npm), dist/htmx.min.js, BSD-2-Clause\n' "$HTMX_VERSION"
  printf 'swagger-ui-dist %s (npm), swagger-ui-bundle.js and swagger-ui.css, Apache-2.0\n' "$SWAGGER_UI_VERSION"
} > static/VENDORED.txt
echo "vendored htmx.org $HTMX_VERSION, swagger-ui-dist $SWAGGER_UI_VERSION"
