#!/usr/bin/env bash
# Installs what the real-editor tests need, once: Debian's chromium and ripgrep, and
# code-server 4.96.4 (VS Code 1.96.4, the last release on Node 20) into .cache/code-server.
# Offline-safe: every download comes from the npm registry or Debian (see
# ../shared/notes/real-editor-tests.md for why each step is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD/.cache/code-server"
VERSION=4.96.4

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium ripgrep libkrb5-dev >/dev/null
fi

BIN="$ROOT/node_modules/.bin/code-server"
if [ -x "$BIN" ] && [ -f "$ROOT/.installed-$VERSION" ]; then
  echo "code-server $VERSION already installed in $ROOT"
  exit 0
fi

rm -rf "$ROOT"
mkdir -p "$ROOT/tmp"
cd "$ROOT"
echo '{"name":"code-server-tools","private":true}' > package.json
# 1. Without scripts first: its postinstall would fetch a git dependency.
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >/dev/null
# 2. The one git URL in VS Code's shrinkwrap is the same package as on the registry.
SHRINK=node_modules/code-server/lib/vscode/npm-shrinkwrap.json
sed -i -E 's#"git\+ssh://git@github.com/microsoft/vscode-proxy-agent.git\#[0-9a-f]+"#"https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz"#' "$SHRINK"
# 3. @vscode/ripgrep downloads rg from GitHub unless its cache already holds it.
CACHE="$ROOT/tmp/vscode-ripgrep-cache-1.15.9"
mkdir -p "$CACHE"
tar czf "$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
TMPDIR="$ROOT/tmp" npm_config_unsafe_perm=true npm rebuild argon2 code-server --foreground-scripts >"$ROOT/rebuild.log" 2>&1 || {
  tail -40 "$ROOT/rebuild.log"; exit 1; }
touch "$ROOT/.installed-$VERSION"
echo "code-server $VERSION installed in $ROOT"
