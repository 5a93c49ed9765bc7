#!/usr/bin/env bash
# Builds and lints the Bicep templates in infra/; fails on any warning or error.
#   scripts/bicep.sh   writes the compiled ARM template to artifacts/infra/main.json
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (pinned below),
# restored into the NuGet global packages folder on first use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

BICEP_VERSION=0.49.2
BICEP_PACKAGE=Azure.Bicep.CommandLine.linux-x64
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

packages_root() {
  local folder
  folder=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
  echo "${folder%/}"
}

find_bicep() { # prints the bicep binary of the pinned version, if restored
  local dir; dir="$(packages_root)/$(echo "$BICEP_PACKAGE" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION"
  [ -d "$dir" ] && find "$dir" -type f -name bicep | head -n 1
  return 0
}

install_bicep() {
  local tmp; tmp=$(mktemp -d /tmp/bicep-restore.XXXXXX)
  # A throwaway project whose only job is to download the package; outside the repo, so none of
  # the repo's Directory.*.props (central versions, warnings as errors) apply to it.
  cat >"$tmp/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
XML
  echo "installing $BICEP_PACKAGE $BICEP_VERSION (NuGet)..."
  if ! dotnet restore "$tmp/restore.csproj" -p:ImportDirectoryBuildProps=false -p:ImportDirectoryPackagesProps=false \
      --nologo -v quiet >"$tmp/restore.log" 2>&1; then
    cat "$tmp/restore.log" >&2
    rm -rf "$tmp"
    echo "could not restore $BICEP_PACKAGE $BICEP_VERSION" >&2
    return 1
  fi
  rm -rf "$tmp"
}

bicep=$(find_bicep)
if [ -z "$bicep" ]; then
  install_bicep
  bicep=$(find_bicep)
fi
if [ -z "$bicep" ]; then
  echo "no bicep binary found in $BICEP_PACKAGE $BICEP_VERSION under $(packages_root)" >&2
  exit 1
fi
[ -x "$bicep" ] || chmod +x "$bicep"
"$bicep" --version

out_dir="$root/artifacts/infra"
mkdir -p "$out_dir"
rm -f "$out_dir/main.json"
status=0

run() { # label, command...: runs it, shows its output, fails on a non-zero exit or any warning/error line
  local label=$1 rc=0 output; shift
  output=$("$@" 2>&1) || rc=$?
  [ -z "$output" ] || printf '%s\n' "$output"
  if [ "$rc" -ne 0 ]; then
    echo "bicep $label: exit code $rc" >&2; status=1
  elif grep -qE '(Warning|Error)' <<<"$output"; then
    echo "bicep $label: reported warnings or errors" >&2; status=1
  else
    echo "bicep $label: clean"
  fi
}

run build "$bicep" build infra/main.bicep --outfile "$out_dir/main.json"
run lint "$bicep" lint infra/main.bicep

if [ "$status" -ne 0 ]; then
  rm -f "$out_dir/main.json" # no template for the tests to pass on
  echo "bicep: FAILED" >&2
  exit 1
fi
echo "compiled template: artifacts/infra/main.json"
