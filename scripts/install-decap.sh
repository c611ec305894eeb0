#!/usr/bin/env bash
# Install the Decap CMS bundle (npm package `decap-cms`, pinned) for the web editor at /admin/.
#
#   .cache/npm/decap-cms/dist/   decap-cms.js, its lazily loaded chunks and wasm files, licence
#
# `newsroom build` (newsroom.handbook.cms.write_admin) copies these files into output/admin/, so the
# editor never loads a script from a third-party CDN. Only the package tarball is fetched
# (`npm pack`), checked against the pinned integrity: the bundle is self-contained.
# Idempotent: returns at once when the pinned version is already there.
#
# Usage: scripts/install-decap.sh [--force]
#   NEWSROOM_DECAP_DIR  overrides the install folder (default: <repo>/.cache/npm/decap-cms)
set -euo pipefail

VERSION=3.16.3
INTEGRITY=sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${NEWSROOM_DECAP_DIR:-$REPO/.cache/npm/decap-cms}"

say() { printf '[install-decap] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

if [[ "${1:-}" != "--force" && -f "$DEST/dist/decap-cms.js" && "$(cat "$DEST/.version" 2>/dev/null)" == "$VERSION" ]]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm is required (apt-get install -y npm)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "fetching decap-cms@$VERSION"
(cd "$work" && npm pack --silent --json "decap-cms@$VERSION" >pack.json 2>/dev/null) \
  || die "npm pack decap-cms@$VERSION failed"
got="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["integrity"])' "$work/pack.json")"
[[ "$got" == "$INTEGRITY" ]] || die "integrity mismatch for decap-cms@$VERSION: $got"
tar -xzf "$work/decap-cms-$VERSION.tgz" -C "$work"

rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp/dist"
src="$work/package/dist"
cp "$src/decap-cms.js" "$src/decap-cms.js.LICENSE.txt" "$DEST.tmp/dist/"
cp "$src"/[0-9]*.decap-cms.js "$src"/*.wasm "$DEST.tmp/dist/"
cp "$work/package/package.json" "$DEST.tmp/"
echo "$VERSION" >"$DEST.tmp/.version"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
say "installed decap-cms@$VERSION in $DEST ($(du -sh "$DEST" | cut -f1))"
