#!/usr/bin/env bash
# Runs the app on this machine with local storage (Azurite).
#   ./run.sh             the app against the real providers (your credentials in headers or settings)
#   ./run.sh --sandbox   also starts the provider sandboxes and points the app at them
# Options: --port=N (app port, default $PORT or 7071). Environment: PORT, SANDBOX_PORT (default 7072),
# AZURITE_BLOB_PORT (10000), AZURITE_TABLE_PORT (10002); the app's own settings (README, Configuration). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

sandbox=0 port=${PORT:-7071}
for arg in "$@"; do
  case "$arg" in
    --sandbox) sandbox=1 ;;
    --port=*) port=${arg#*=} ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

install_npm_tools
dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly

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

ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet src/MessagingConnectors/bin/Release/net10.0/MessagingConnectors.dll \
  --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Information &
pids+=("$!")
wait_for_port 127.0.0.1 "$port" 60
echo
echo "Swagger UI: http://127.0.0.1:$port/api/swagger/ui"
echo "Swagger 2.0: http://127.0.0.1:$port/api/swagger.json"
if [ "$sandbox" = 1 ]; then
  echo "Sandbox mode: calls go to the provider sandboxes at http://127.0.0.1:$sandbox_port with their built-in credentials."
  echo "Fire an inbound SMS at every ClickSend rule: curl -X POST http://127.0.0.1:$sandbox_port/_sandbox/clicksend/inbound -d '{\"body\":\"hi\"}'"
fi
wait -n "${pids[@]}"
