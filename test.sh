#!/usr/bin/env bash
# Runs every test: installs the pinned npm tools (Azurite, connector validators, Playwright driver, openapi-typescript)
# and dotnet tools (Kiota, NSwag), restores and builds the solution, builds the deployable package and the real Azure
# Functions host (from ../shared/functions-host, cached), then runs all test projects (the package under the real host
# among them) and
# the node tests (connector validation, Swagger UI in headless Chromium). The integration tests start and
# stop their own Azurite on free loopback ports. Ends with a "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

install_npm_tools
# The client generators GeneratedClientsTests runs (Kiota, NSwag), pinned in .config/dotnet-tools.json.
dotnet tool restore
dotnet restore Functions.sln --nologo -v quiet
dotnet build Functions.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
scripts/package.sh
functions_host=$(scripts/functions-host.sh)
echo "Azure Functions host: $functions_host"
[ -x scripts/bicep.sh ] && scripts/bicep.sh

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Functions.sln -c Release --no-build --nologo --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" || status=$?

# The exported connectors (swagger-cli, Microsoft's schemas via ajv, the Spectral ruleset and its
# broken fixture) and the Swagger UI browser test (Debian's Chromium), on node's test runner.
command -v chromium >/dev/null || { echo "installing chromium..."; (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null || echo "could not install chromium: the browser test will fail" >&2; }
node --test --test-reporter=tap tests/connectors/ tests/browser/ | tee "$results/node-tests.tap" || status=$?

# One closing line over every test project, from the TRX files.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters"); f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters"); e=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
done
node_count() { grep -E "^# $1 [0-9]+$" "$results/node-tests.tap" | awk '{print $3}' | tail -1; }
passed=$((passed + $(node_count pass || echo 0))); failed=$((failed + $(node_count fail || echo 0))); skipped=$((skipped + $(node_count skipped || echo 0)))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || { echo "no test ran" >&2; exit 1; }
exit $status
