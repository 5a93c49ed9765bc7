#!/usr/bin/env bash
# Builds the real Azure Functions host (4.1037.0, from the public source bundle in ../shared/functions-host, beside the
# repository) once per bundle, and prints the folder to give its run.sh. Cached: a second call returns at once.
#   FUNCTIONS_HOST_SOURCE  the bundle (default: ../shared/functions-host beside the repository)
#   FUNCTIONS_HOST_OUT     where the built host is kept (default: ~/.cache/messaging-connectors/functions-host)
# Used by run.sh --functions, test.sh (and so the real-host test fixture) and bench/run.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source=${FUNCTIONS_HOST_SOURCE:-$root/../shared/functions-host}
out=${FUNCTIONS_HOST_OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/messaging-connectors/functions-host}
[ -x "$source/build.sh" ] || { echo "the Functions host bundle is not at $source (set FUNCTIONS_HOST_SOURCE)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
log=$(mktemp)
if ! "$source/build.sh" "$out" >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; echo "building the Functions host failed" >&2; exit 1
fi
rm -f "$log"
echo "$out"
