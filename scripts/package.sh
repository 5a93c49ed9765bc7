#!/usr/bin/env bash
# Builds dist/functionapp.zip: host.json, one folder per function (function.json generated from
# the app's endpoint table) and the app as a linux-x64 Native AOT executable under app/.
# Runs on Linux so the executable keeps its run bit inside the zip.
set -euo pipefail
cd "$(dirname "$0")/.."

# Prerequisites: zip, and what a Native AOT link needs (a C compiler and linker, zlib's headers); installed when missing.
missing=()
command -v zip >/dev/null || missing+=(zip)
command -v clang >/dev/null || command -v gcc >/dev/null || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}..."
  (apt-get update -qq && apt-get install -y -qq "${missing[@]}") >/dev/null
fi

stage=dist/functionapp
rm -rf "$stage" dist/functionapp.zip dist/symbols
mkdir -p "$stage/app"

# Native AOT (PublishAot in the project): one self-contained executable, no JIT at a cold start. Its symbols go beside
# the zip (dist/symbols/), not into it.
publish_log=$(mktemp)
dotnet publish src/MessagingConnectors/MessagingConnectors.csproj -c Release -r linux-x64 -o "$stage/app" --nologo -v quiet -clp:NoSummary \
  > "$publish_log" 2>&1 || { cat "$publish_log" >&2; exit 1; }
# Only Azure.Data.Tables may produce assembly-level trimming/AOT warnings (see the project file).
if grep -E "(IL2104|IL3053)" "$publish_log" | grep -v "Assembly 'Azure.Data.Tables'" >&2; then
  echo "an assembly besides Azure.Data.Tables produced trimming/AOT warnings: check it works in the published app" >&2
  exit 1
fi
rm -f "$publish_log"
mkdir -p dist/symbols
mv "$stage/app/MessagingConnectors.dbg" dist/symbols/
rm -f "$stage/app/"*.staticwebassets.endpoints.json
chmod +x "$stage/app/MessagingConnectors"

cp host.json "$stage/"
# The function folders come from the endpoint table of the very binary being shipped.
AzureWebJobsStorage=UseDevelopmentStorage=true "$stage/app/MessagingConnectors" --write-functions "$stage"

# zip keeps Unix permissions (the run bit) in its external attributes.
(cd "$stage" && zip -qr -X ../functionapp.zip .)
echo "dist/functionapp.zip: $(du -h dist/functionapp.zip | cut -f1), $(find "$stage" -name function.json | wc -l) functions"
