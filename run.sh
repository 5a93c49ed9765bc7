#!/usr/bin/env bash
# Runs the app on this machine with local storage (Azurite).
#   ./run.sh               the app against the real providers (your credentials in headers or settings)
#   ./run.sh --sandbox     also starts the provider sandboxes and points the app at them
#   ./run.sh --functions   the deployable package under the real Azure Functions host, as Azure runs it (function keys)
# Options: --port=N (app port, default $PORT or 7071). Environment: PORT, SANDBOX_PORT (default 7072),
# AZURITE_BLOB_PORT (10000), AZURITE_TABLE_PORT (10002), FUNCTIONS_HOST_FUNCTION_KEY (--functions: the key to use;
# otherwise one is made per data folder, .azurite/); the app's own settings (README, Configuration). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

sandbox=0 functions=0 port=${PORT:-7071}
for arg in "$@"; do
  case "$arg" in
    --sandbox) sandbox=1 ;;
    --functions) functions=1 ;;
    --port=*) port=${arg#*=} ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

install_npm_tools
if [ "$functions" = 1 ]; then
  # What Azure runs: the deployment package (ReadyToRun publish), under the host built from its public source (cached).
  scripts/package.sh
  [ "$sandbox" = 0 ] || dotnet build src/MessagingConnectors.Sandbox -c Release --nologo -v quiet -clp:ErrorsOnly
  echo "building the Azure Functions host (cached after the first time)..."
  scripts/functions-host.sh >/dev/null
else
  dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

blob_port=${AZURITE_BLOB_PORT:-10000} table_port=${AZURITE_TABLE_PORT:-10002}
start_azurite "$blob_port" "$table_port" .azurite
pids+=("$AZURITE_PID")
export AzureWebJobsStorage; AzureWebJobsStorage=$(azurite_connection_string "$blob_port" "$table_port")
echo "Azurite: blob 127.0.0.1:$blob_port, table 127.0.0.1:$table_port (data in .azurite/)"

if [ "$sandbox" = 1 ]; then
  sandbox_port=${SANDBOX_PORT:-7072}
  dotnet src/MessagingConnectors.Sandbox/bin/Release/net10.0/MessagingConnectors.Sandbox.dll "$sandbox_port" &
  pids+=("$!")
  wait_for_port 127.0.0.1 "$sandbox_port" 30
  export ClickSend__BaseUrl="http://127.0.0.1:$sandbox_port/clicksend/v3/"
  export ClickSend__Username=sandbox ClickSend__ApiKey=sandbox-api-key
  export Clipsan__BaseUrl="http://127.0.0.1:$sandbox_port/clipsan/api/" Clipsan__Key=sandbox-clipsan-key Clipsan__NotificationCallers=127.0.0.1
  export SerwerSms__BaseUrl="http://127.0.0.1:$sandbox_port/serwersms/" SerwerSms__Token=sandbox-token
  # Flows tried locally call back to loopback; never set this outside development.
  export Webhooks__AllowLoopbackCallbacks=true
fi

if [ "$functions" = 1 ]; then
  # Keys live with the data: a fresh function key per data folder, kept across runs, unless you set one.
  secrets=.azurite/functions-secrets
  if [ -z "${FUNCTIONS_HOST_FUNCTION_KEY:-}" ] && [ ! -f "$secrets/host.json" ]; then
    FUNCTIONS_HOST_FUNCTION_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  fi
  [ -z "${FUNCTIONS_HOST_FUNCTION_KEY:-}" ] || export FUNCTIONS_HOST_FUNCTION_KEY
  export FUNCTIONS_HOST_LOG_DIR=${FUNCTIONS_HOST_LOG_DIR:-$PWD/.azurite/functions-logs}
  scripts/functions-host.sh run dist/functionapp "$port" "$AzureWebJobsStorage" "$secrets" &
  pids+=("$!")
  function_key=${FUNCTIONS_HOST_FUNCTION_KEY:-$(node -e 'const s=require(process.argv[1]);console.log(s.functionKeys.find(k=>k.name==="default").value)' "$PWD/$secrets/host.json")}
  # The host listens before the worker has loaded; the app is up at its first answered invocation.
  deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null -H "x-functions-key: $function_key" "http://127.0.0.1:$port/api/health"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the Functions host exited" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "the Functions host did not answer in 120 s" >&2; exit 1; }
    sleep 0.5
  done
  echo
  echo "Azure Functions host 4.1037.0 over dist/functionapp (its file logs: $FUNCTIONS_HOST_LOG_DIR)"
  echo "Function key: $function_key"
  echo "Send it as the x-functions-key header (or ?code=) to every operation; the documents and provider receivers are anonymous."
else
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet src/MessagingConnectors/bin/Release/net10.0/MessagingConnectors.dll \
    --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Information &
  pids+=("$!")
  wait_for_port 127.0.0.1 "$port" 60
fi
echo
echo "Swagger UI: http://127.0.0.1:$port/api/swagger/ui"
echo "Swagger 2.0: http://127.0.0.1:$port/api/swagger.json"
if [ "$sandbox" = 1 ]; then
  echo "Sandbox mode: calls go to the provider sandboxes at http://127.0.0.1:$sandbox_port with their built-in credentials."
  echo "Fire an inbound SMS at every ClickSend rule: curl -X POST http://127.0.0.1:$sandbox_port/_sandbox/clicksend/inbound -d '{\"body\":\"hi\"}'"
fi
wait -n "${pids[@]}"
