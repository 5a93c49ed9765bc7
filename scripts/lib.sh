# Shared by run.sh, test.sh and the package script: installs what the repo needs and starts Azurite.
# shellcheck shell=bash

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# npm tools pinned in package.json / package-lock.json; reinstalled only when the lock file changed.
install_npm_tools() {
  local root; root=$(repo_root)
  if [ ! -f "$root/node_modules/.package-lock.json" ] || ! cmp -s "$root/package-lock.json" "$root/node_modules/.installed-lock"; then
    echo "installing npm tools (package-lock.json)..."
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock)
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for_port() { # host port seconds
  local deadline=$((SECONDS + ${3:-30}))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "nothing listens on $1:$2 after ${3:-30}s" >&2; return 1; fi
    sleep 0.2
  done
}

# Connection string for an Azurite on loopback with the well-known development account.
azurite_connection_string() { # blobPort tablePort
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;TableEndpoint=http://127.0.0.1:$2/devstoreaccount1;"
}

# Starts Azurite (blob and table) on loopback; sets AZURITE_PID. Args: blobPort tablePort dataDir
start_azurite() {
  local root; root=$(repo_root)
  mkdir -p "$3"
  "$root/node_modules/.bin/azurite" --silent --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$1" --tableHost 127.0.0.1 --tablePort "$2" \
    --queueHost 127.0.0.1 --queuePort "$(free_port)" --location "$3" >"$3/azurite.log" 2>&1 &
  AZURITE_PID=$!
  wait_for_port 127.0.0.1 "$1" 30 && wait_for_port 127.0.0.1 "$2" 30
}
