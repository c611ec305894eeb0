#!/usr/bin/env bash
# Install pa11y, pinned, into .cache/npm/pa11y (idempotent; quick when done). It drives Debian's
# chromium (scripts/install-browser.sh): Puppeteer's own browser download is skipped.
# Used by tests/handbook/test_valid_and_accessible.py on every handbook page.
set -euo pipefail
cd "$(dirname "$0")/.."
PA11Y_VERSION=10.0.0
NPM_PREFIX=.cache/npm/pa11y
installed=$(node -p "require('./$NPM_PREFIX/node_modules/pa11y/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$PA11Y_VERSION" ]; then
  echo "install-pa11y: npm install pa11y@$PA11Y_VERSION into $NPM_PREFIX"
  mkdir -p "$NPM_PREFIX"
  PUPPETEER_SKIP_DOWNLOAD=true npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --no-save \
    --loglevel=error "pa11y@$PA11Y_VERSION" >/dev/null
fi
test -x "$NPM_PREFIX/node_modules/.bin/pa11y"
