#!/usr/bin/env bash
# Install what the site's browser and HTML tests need (idempotent; quick when done):
#   - Debian's chromium (driven by the Python `playwright` package, no browser download)
#   - a Java runtime for the Nu HTML Checker (vnu.jar)
#   - axe-core, vnu-jar and lighthouse from npm, pinned, into .cache/npm/site-tests
#     (lighthouse 12.2.3: the last line that runs on Node 20, Debian's node, with its chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.10.3
VNU_VERSION=26.9.27
LIGHTHOUSE_VERSION=12.2.3
NPM_PREFIX=.cache/npm/site-tests  # our own prefix: other tools install beside it

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  bash "$(dirname "$0")/apt-install" "${missing[@]}"
fi

installed_version() {  # version of an npm package in .cache/npm, or nothing
  node -p "require('./$NPM_PREFIX/node_modules/$1/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version axe-core)" != "$AXE_VERSION" ] || [ "$(installed_version vnu-jar)" != "$VNU_VERSION" ] \
  || [ "$(installed_version lighthouse)" != "$LIGHTHOUSE_VERSION" ]; then
  echo "install-browser: npm install axe-core@$AXE_VERSION vnu-jar@$VNU_VERSION lighthouse@$LIGHTHOUSE_VERSION into $NPM_PREFIX"
  mkdir -p "$NPM_PREFIX"
  # --ignore-scripts: vnu-jar ships vnu.jar itself; its postinstall would try to download a JRE.
  npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "axe-core@$AXE_VERSION" "vnu-jar@$VNU_VERSION" "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi
test -f "$NPM_PREFIX/node_modules/axe-core/axe.min.js"
test -f "$NPM_PREFIX/node_modules/vnu-jar/build/dist/vnu.jar"
test -f "$NPM_PREFIX/node_modules/lighthouse/cli/index.js"
