#!/usr/bin/env bash
# Performance evidence, in one run on loopback: Send SMS and Get contact lists under load, straight
# to the sandbox, through a YARP pass-through proxy and through the app; startup to the first 200 of
# /api/health against an empty ASP.NET Core app published the same way; working set; bytes allocated
# per request; storage round trips per idempotent send; the deployable package under the real Azure Functions host
# (host start to the first answered invocation against an empty worker under the same host; Send SMS against a
# pass-through worker under the same host). Prints a table, writes artifacts/bench/results.json.
#   bench/run.sh [--write-docs] [--duration=S] [--rounds=N] [--startup-runs=N] [--quick]
# --write-docs renders the results into docs/performance.md. --quick: short runs, to try the harness.
# Benchmarks print figures; they are not tests and are not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

duration=5 rounds=2 startup_runs=10 write_docs=0
sweep=(1 4 16 64)
for arg in "$@"; do
  case "$arg" in
    --write-docs) write_docs=1 ;;
    --duration=*) duration=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    --startup-runs=*) startup_runs=${arg#*=} ;;
    --quick) duration=2 rounds=1 startup_runs=3 sweep=(4 16) ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "installing wrk..."; (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null; }
install_npm_tools

out=artifacts/bench
publish=$out/publish
rm -rf "$out/run" && mkdir -p "$out/run" "$publish"
raw=$out/run/raw.jsonl
: >"$raw"
record() { echo "$1" >>"$raw"; }

echo "== build and publish (Release, linux-x64: composite ReadyToRun for the standalone builds, the worker as scripts/package.sh ships it)"
dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/Probe -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
r2r() { # project outputDir
  dotnet publish "$1" -c Release -r linux-x64 --self-contained true -p:PublishAot=false -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -o "$2" --nologo -v quiet -clp:ErrorsOnly >/dev/null
}
r2r src/MessagingConnectors/MessagingConnectors.csproj "$publish/app"
r2r bench/YarpProxy/YarpProxy.csproj "$publish/yarp"
r2r bench/EmptyApp/EmptyApp.csproj "$publish/empty"
scripts/package.sh >/dev/null
worker_publish() { # project outputDir: as scripts/package.sh publishes the app's worker
  dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" --nologo -v quiet -clp:ErrorsOnly >/dev/null
}
worker_publish bench/EmptyWorker/EmptyWorker.csproj "$publish/empty-worker"
scripts/functions-host.sh >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "== start Azurite, sandbox, YARP proxy and app on free loopback ports"
blob_port=$(free_port) table_port=$(free_port)
start_azurite "$blob_port" "$table_port" "$out/run/azurite"
pids+=("$AZURITE_PID")
storage=$(azurite_connection_string "$blob_port" "$table_port")

sandbox_port=$(free_port)
dotnet src/MessagingConnectors.Sandbox/bin/Release/net10.0/MessagingConnectors.Sandbox.dll "$sandbox_port" >"$out/run/sandbox.log" 2>&1 &
sandbox_pid=$!; pids+=("$sandbox_pid")
wait_for_port 127.0.0.1 "$sandbox_port" 60
sandbox=http://127.0.0.1:$sandbox_port
auth="Authorization: Basic c2FuZGJveDpzYW5kYm94LWFwaS1rZXk="
for i in 1 2 3 4 5; do
  curl -sf -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' -d "{\"list_name\":\"Customers $i\"}" "$sandbox/clicksend/v3/lists"
done

probe_dll=$PWD/bench/Probe/bin/Release/net10.0/Probe.dll
# Known fault of the allocation figure: under DATAS (server GC's default since .NET 9) this runtime's
# GC.GetTotalAllocatedBytes sums only the heaps active at the moment, so it jumps when DATAS brings a heap back
# (dotnet/runtime#131069, fixed after 10.0): full runs on 2026-12-07 read 53 and 70 kB per Send SMS where the same
# build read 18.6 kB in others and in every isolated run. Turning DATAS off here fixes the counter but moves what the
# goals compare (YARP's Send SMS peak went from about 6,700 to 8,700 req/s), so the processes run as they ship.
yarp_port=$(free_port)
DOTNET_STARTUP_HOOKS=$probe_dll BENCH_PROBE_FILE=$PWD/$out/run/yarp.probe \
  "$publish/yarp/YarpProxy" "$yarp_port" "$sandbox/" >"$out/run/yarp.log" 2>&1 &
yarp_pid=$!; pids+=("$yarp_pid")

app_port=$(free_port)
DOTNET_STARTUP_HOOKS=$probe_dll BENCH_PROBE_FILE=$PWD/$out/run/app.probe \
  ASPNETCORE_URLS=http://127.0.0.1:$app_port AzureWebJobsStorage=$storage \
  ClickSend__BaseUrl=$sandbox/clicksend/v3/ \
  "$publish/app/MessagingConnectors" >"$out/run/app.log" 2>&1 &
app_pid=$!; pids+=("$app_pid")
wait_for_port 127.0.0.1 "$yarp_port" 60
wait_for_port 127.0.0.1 "$app_port" 60

declare -A base=([direct]="$sandbox/clicksend/v3" [yarp]="http://127.0.0.1:$yarp_port/api/clicksend" [app]="http://127.0.0.1:$app_port/api/clicksend")
# app: the standalone build (composite ReadyToRun), which bench/Probe (a startup hook) can measure from inside.
targets=(direct yarp app) shipped=app
declare -A path=([send]=/sms/send [lists]=/lists)
declare -A mode=([send]=send [lists]=get)
run_id=$(date +%s)

cpu_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat; } # all, idle + iowait
load() { # phase target endpoint connections seconds [rate per connection] [mode] [round]
  local threads=$(( $4 < 2 ? $4 : 2 )) line all_before idle_before all_after idle_after busy
  read -r all_before idle_before < <(cpu_ticks)
  line=$(wrk -t"$threads" -c"$4" -d"$5"s --timeout 10s -s bench/wrk/bench.lua "${base[$2]}${path[$3]}" -- "${7:-${mode[$3]}}" "${6:-0}" "$run_id-$RANDOM" $(( $4 / threads )) | sed -n 's/^BENCH //p')
  read -r all_after idle_after < <(cpu_ticks)
  # the whole machine, load generator included: on shared cores it is what a path's tail latency queues behind
  busy=$(( all_after > all_before ? 100 * (all_after - all_before - idle_after + idle_before) / (all_after - all_before) : 0 ))
  record "{\"phase\":\"$1\",\"target\":\"$2\",\"endpoint\":\"$3\",\"mode\":\"${7:-${mode[$3]}}\",\"connections\":$4,\"rate_per_connection\":${6:-0},\"round\":${8:-0},\"machine_busy_pct\":$busy,\"result\":$line}"
  curl -s -o /dev/null -X DELETE "$sandbox/_sandbox/requests" # the sandbox journals every request; keep it from growing
}
memory() { # stage name pid
  local rss hwm
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$3/status"); hwm=$(awk '/^VmHWM/{print $2}' "/proc/$3/status")
  record "{\"phase\":\"memory\",\"stage\":\"$1\",\"process\":\"$2\",\"rss_kb\":$rss,\"peak_kb\":$hwm}"
}
snapshot() { sleep 0.3; cat "$out/run/$1.probe"; }

echo "== idle memory"
for target in "${targets[@]}"; do
  for endpoint in send lists; do curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' \
      $([ "$endpoint" = send ] && echo "-d @-") "${base[$target]}${path[$endpoint]}" <<<'{"messages":[{"to":"+61411111111","body":"warm up","source":"bench"}]}' || true; done
done
sleep 1
memory idle app "$app_pid"; memory idle yarp "$yarp_pid"; memory idle sandbox "$sandbox_pid"

echo "== warm-up"
for target in "${targets[@]}"; do for endpoint in send lists; do load warmup "$target" "$endpoint" 16 2; done; done

echo "== concurrency sweep (${sweep[*]} connections, ${rounds} round(s) of ${duration}s, targets interleaved)"
for round in $(seq 1 "$rounds"); do
  for c in "${sweep[@]}"; do
    for endpoint in send lists; do
      for target in "${targets[@]}"; do load sweep "$target" "$endpoint" "$c" "$duration" 0 "" "$round"; done
    done
  done
done

echo "== latency at half of the shipped build's peak throughput (the same arrival rate for every path)"
half_connections=16
for endpoint in send lists; do
  peak=$(node bench/report.js peak "$raw" "$shipped" "$endpoint")
  per_connection=$(node -e "console.log(($peak / 2 / $half_connections).toFixed(2))")
  for round in $(seq 1 "$rounds"); do
    for target in "${targets[@]}"; do load half "$target" "$endpoint" "$half_connections" $((duration * 2)) "$per_connection" "" "$round"; done
  done
done

echo "== allocations and storage round trips per request (probe deltas)"
measured() { # target process endpoint mode
  local before after
  before=$(snapshot "$2")
  load alloc "$1" "$3" 16 "$duration" 0 "$4"
  after=$(snapshot "$2")
  record "{\"phase\":\"probe\",\"target\":\"$1\",\"endpoint\":\"$3\",\"mode\":\"$4\",\"before\":$before,\"after\":$after,\"load\":$(tail -n 1 "$raw")}"
}
measured yarp yarp send send
measured yarp yarp lists get
measured app app send send
measured app app lists get
load warmup app send 4 1 0 keyed # the first keyed send of a process creates the idempotency table: not steady state
measured app app send keyed
record "{\"phase\":\"ports\",\"table\":$table_port,\"blob\":$blob_port,\"sandbox\":$sandbox_port}"

memory load app "$app_pid"; memory load yarp "$yarp_pid"; memory load sandbox "$sandbox_pid"
kill "$yarp_pid" "$app_pid" "$sandbox_pid" 2>/dev/null || true

echo "== startup: process start to the first 200 of /api/health, ${startup_runs} runs each, interleaved"
candidates=$out/run/startup.json
{
  echo "["
  echo "{\"name\":\"app (ReadyToRun)\",\"command\":\"$publish/app/MessagingConnectors\",\"portVariable\":\"ASPNETCORE_URLS\",\"env\":{\"AzureWebJobsStorage\":\"$storage\"}},"
  echo "{\"name\":\"empty app (ReadyToRun)\",\"command\":\"$publish/empty/EmptyApp\",\"portVariable\":\"ASPNETCORE_URLS\"}"
  echo "]"
} >"$candidates"
record "{\"phase\":\"startup\",\"result\":$(node bench/startup.js "$startup_runs" "$candidates")}"

echo "== the package under the real Functions host: host start to the first answered invocation, app vs an empty worker"
host_key=bench-function-key-$RANDOM$RANDOM
host_candidates=$out/run/host-startup.json
host_candidate() { # name workerDir
  echo "{\"name\":\"$1\",\"command\":\"$PWD/scripts/functions-host.sh\",\"args\":[\"run\",\"$2\",\"{port}\",\"$storage\",\"$PWD/$out/run/secrets-$RANDOM\"],
    \"env\":{\"FUNCTIONS_HOST_FUNCTION_KEY\":\"$host_key\",\"FUNCTIONS_HOST_LOG_DIR\":\"$PWD/$out/run/host-logs\",\"ClickSend__BaseUrl\":\"$sandbox/clicksend/v3/\",\"Webhooks__BackgroundDelivery\":\"false\"},
    \"headers\":{\"x-functions-key\":\"$host_key\"}}"
}
echo "[$(host_candidate "app package under the host" "$PWD/dist/functionapp"), $(host_candidate "empty worker under the host" "$PWD/$publish/empty-worker")]" >"$host_candidates"
record "{\"phase\":\"host_startup\",\"result\":$(node bench/startup.js "$startup_runs" "$host_candidates")}"

echo "== Send SMS through the real Functions host: the app's package against a pass-through worker under the same host"
dotnet src/MessagingConnectors.Sandbox/bin/Release/net10.0/MessagingConnectors.Sandbox.dll "$sandbox_port" >"$out/run/sandbox-host.log" 2>&1 &
sandbox_pid=$!; pids+=("$sandbox_pid")
wait_for_port 127.0.0.1 "$sandbox_port" 60
start_host() { # workerDir port name
  FUNCTIONS_HOST_FUNCTION_KEY=$host_key FUNCTIONS_HOST_LOG_DIR=$PWD/$out/run/host-logs ClickSend__BaseUrl=$sandbox/clicksend/v3/ \
    Webhooks__BackgroundDelivery=false Logging__LogLevel__Default=Warning AzureFunctionsJobHost__logging__logLevel__default=Warning \
    scripts/functions-host.sh run "$1" "$2" "$storage" "$PWD/$out/run/secrets-$3" >"$out/run/host-$3.log" 2>&1 &
  pids+=("$!")
  until curl -sf -o /dev/null -H "x-functions-key: $host_key" "http://127.0.0.1:$2/api/health"; do sleep 0.5; done
}
host_app_port=$(free_port) host_pass_port=$(free_port)
start_host "$PWD/dist/functionapp" "$host_app_port" app
start_host "$PWD/$publish/empty-worker" "$host_pass_port" pass
base[host_app]="http://127.0.0.1:$host_app_port/api/clicksend"
base[host_pass]="http://127.0.0.1:$host_pass_port/api/clicksend"
export BENCH_FUNCTION_KEY=$host_key
for target in host_app host_pass; do load warmup "$target" send 16 2; done
for round in $(seq 1 "$rounds"); do
  for c in "${sweep[@]}"; do for target in direct host_pass host_app; do load host_sweep "$target" send "$c" "$duration" 0 "" "$round"; done; done
done
host_peak=$(node bench/report.js peak "$raw" host_app send host_sweep)
per_connection=$(node -e "console.log(($host_peak / 2 / $half_connections).toFixed(2))")
for round in $(seq 1 "$rounds"); do
  for target in direct host_pass host_app; do load host_half "$target" send "$half_connections" $((duration * 2)) "$per_connection" "" "$round"; done
done
unset BENCH_FUNCTION_KEY

machine=$(node -e '
  const os = require("os");
  console.log(JSON.stringify({ cpu: os.cpus()[0].model, cores: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30),
    os: require("fs").readFileSync("/etc/os-release", "utf8").match(/PRETTY_NAME="(.*)"/)[1], dotnet: process.argv[1], date: new Date().toISOString() }))' "$(dotnet --version)")
record "{\"phase\":\"machine\",\"result\":$machine,\"command\":\"bench/run.sh $*\"}"

node bench/report.js summarize "$raw" "$out/results.json" $([ "$write_docs" = 1 ] && echo docs/performance.md)
