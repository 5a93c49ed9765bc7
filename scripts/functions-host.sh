#!/usr/bin/env bash
# The real Azure Functions host (4.1037.0), built from the public source bundle in ../shared/functions-host (beside the
# repository) once per bundle and cached; used by run.sh --functions, the real-host test fixture and bench/run.sh.
#   scripts/functions-host.sh                                    build if needed; print the built host's folder
#   scripts/functions-host.sh run WORKER_DIR PORT STORAGE SECRETS  build if needed, then run the host over a worker
#                                                                (the bundle's run.sh: keys, logs and settings as its README says)
#   FUNCTIONS_HOST_SOURCE  the bundle (default: ../shared/functions-host beside the repository)
#   FUNCTIONS_HOST_OUT     where the built host is kept (default: ~/.cache/messaging-connectors/functions-host)
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
if [ "${1:-}" = run ]; then
  shift
  [ $# -eq 4 ] || { echo "usage: $0 run WORKER_DIR PORT STORAGE SECRETS" >&2; exit 2; }
  exec "$source/run.sh" "$out" "$@"
fi
echo "$out"
