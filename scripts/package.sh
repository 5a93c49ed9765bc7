#!/usr/bin/env bash
# Builds dist/functionapp.zip, the Azure Functions deployment: `dotnet publish` of the isolated worker
# (src/MessagingConnectors.Functions, linux-x64, ReadyToRun; the worker does not support Native AOT) with host.json,
# functions.metadata, worker.config.json and the extensions the Functions SDK adds.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v zip >/dev/null || { echo "installing zip..."; (apt-get update -qq && apt-get install -y -qq zip) >/dev/null; }

stage=dist/functionapp
rm -rf "$stage" dist/functionapp.zip
publish_log=$(mktemp)
dotnet publish src/MessagingConnectors.Functions/MessagingConnectors.Functions.csproj -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$stage" --nologo -v quiet -clp:NoSummary > "$publish_log" 2>&1 || { cat "$publish_log" >&2; exit 1; }
rm -f "$publish_log"

(cd "$stage" && zip -qr -X ../functionapp.zip .)
echo "dist/functionapp.zip: $(du -h dist/functionapp.zip | cut -f1), $(grep -c '"scriptFile"' "$stage/functions.metadata") functions"
