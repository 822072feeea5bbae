#!/usr/bin/env bash
# Idempotent setup of a real VS Code extension host for the host test suite, offline-capable
# (npm registry + Debian apt only):
#   - Debian chromium (headless browser driven by playwright-core) and libkrb5-dev (a native module needs it)
#   - Debian prometheus, for its promtool: the /metrics test of `ion serve` checks the exposition with it
#   - Node 24 from the npm package "node" (binary + headers; code-server's postinstall refuses other majors)
#   - code-server (the VS Code server) from npm, its native modules compiled against Node 24's own headers
# Everything lands in $ION_VSCODE_TEST_DIR (default: <repo>/.vscode-test, git-ignored). A second run is a
# no-op: each step is skipped when its marker for the pinned version is present.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${ION_VSCODE_TEST_DIR:-$ROOT/.vscode-test}"
# Pinned: the combination tested together (VS Code 1.139.1 = code-server 4.139.1).
CS_VERSION="4.139.1"
NODE24_VERSION="24.21.0"
t0=$(date +%s)
log() { echo "[host:setup] $*"; }

# 1. System packages, only when missing (CI runs as root on a fresh machine).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -e /usr/include/gssapi/gssapi.h ] || missing="$missing libkrb5-dev"
command -v promtool >/dev/null || missing="$missing prometheus"
for t in make g++ python3; do command -v "$t" >/dev/null || missing="$missing $t"; done
if [ -n "$missing" ]; then
  log "apt-get install:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# 2. Node 24 from the npm registry.
NODE_PKG="$DIR/node24/node_modules/node"
NODE24="$NODE_PKG/bin/node"
if [ ! -f "$DIR/node24/.installed-$NODE24_VERSION" ] || [ ! -x "$NODE24" ]; then
  log "installing node@$NODE24_VERSION"
  rm -rf "$DIR/node24" && mkdir -p "$DIR/node24"
  echo '{"name":"ion-host-node24","private":true}' > "$DIR/node24/package.json"
  (cd "$DIR/node24" && npm install --no-audit --no-fund --no-save --loglevel=error "node@$NODE24_VERSION")
  [ "$("$NODE24" -v)" = "v$NODE24_VERSION" ] || { echo "node@$NODE24_VERSION did not install" >&2; exit 1; }
  touch "$DIR/node24/.installed-$NODE24_VERSION"
fi
# The headers node-gyp needs (include/node/*.h) ship in the platform package.
NODE_HEADERS="$(dirname "$(find "$NODE_PKG/node_modules" -path '*/include/node/node.h' | head -n1)")"
NODE_HEADERS="${NODE_HEADERS%/include/node}"
[ -n "$NODE_HEADERS" ] && [ -f "$NODE_HEADERS/include/node/node.h" ] || { echo "Node 24 headers not found under $NODE_PKG" >&2; exit 1; }

# 3. code-server, installed with Node 24 on PATH; native modules built against Node 24's headers.
#    /usr/etc/npmrc sets nodedir=/usr (Node 20 headers): npm_config_nodedir overrides it.
CS="$DIR/cs/node_modules/code-server"
if [ ! -f "$DIR/cs/.installed-$CS_VERSION" ]; then
  log "installing code-server@$CS_VERSION (compiles native modules; a few minutes)"
  rm -rf "$DIR/cs" && mkdir -p "$DIR/cs"
  echo '{"name":"ion-host-cs","private":true}' > "$DIR/cs/package.json"
  # npm itself runs on Node 24 too, in an environment cleared of the npm_* variables an outer
  # `npm test` / `npm run` exports (they name Node 20 as the node for lifecycle scripts).
  NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  [ -f "$NPM_CLI" ] || NPM_CLI="$(npm root -g)/npm/bin/npm-cli.js"
  unset_npm=(); for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset_npm+=(-u "$v"); done
  (cd "$DIR/cs" && env "${unset_npm[@]}" -u NODE PATH="$(dirname "$NODE24"):$PATH" \
    npm_config_nodedir="$NODE_HEADERS" npm_node_execpath="$NODE24" \
    "$NODE24" "$NPM_CLI" install --no-audit --no-fund --no-save --loglevel=error "code-server@$CS_VERSION")
  # code-server's postinstall must have populated lib/vscode/node_modules: fail loudly if npm skipped it.
  [ -f "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
    || { echo "code-server postinstall did not build its native modules" >&2; exit 1; }
  touch "$DIR/cs/.installed-$CS_VERSION"
fi

log "ready in $(( $(date +%s) - t0 ))s: node=$NODE24 code-server=$CS chromium=/usr/bin/chromium"
