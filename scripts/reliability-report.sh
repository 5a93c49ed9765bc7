#!/usr/bin/env bash
# Runs the integration suite with the reliability tests and renders their figures into docs/reliability.md.
#   scripts/reliability-report.sh          the whole integration suite (the secret scan then covers every test's logs)
#   scripts/reliability-report.sh --quick  only the tests in Reliability/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

filter=()
[ "${1:-}" = "--quick" ] && filter=(--filter "FullyQualifiedName~MessagingConnectors.IntegrationTests.Reliability")

install_npm_tools
dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly
[ ${#filter[@]} -gt 0 ] || scripts/package.sh # the package tests of the suite read dist/
rm -rf artifacts/reliability
command=(dotnet test tests/MessagingConnectors.IntegrationTests -c Release --no-build --nologo "${filter[@]}")
status=0
"${command[@]}" || status=$?
node scripts/reliability-report.mjs "${command[*]}" > docs/reliability.md
echo "wrote docs/reliability.md (tests exited with $status)"
exit $status
