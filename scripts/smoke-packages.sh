#!/usr/bin/env bash
# Packs every package, checks the tarballs, and installs them with plain npm into fresh folders, once
# on each floor Node that the packages' `engines` state and once on the newest Node, then runs the
# smoke tests there. Node builds come from the npm registry (node-linux-<arch>), cached by npm.
# Needs `pnpm build` first. About a minute with a warm npm cache.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Run as `pnpm smoke:packages`, the environment carries pnpm's settings as npm_config_*; the npm
# under test must see a user's plain environment instead.
while IFS= read -r name; do unset "$name"; done < <(env | grep -oi '^npm_config_[^=]*' || true)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bankkit-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
NPM_VERSION=10.9.4
case "$(uname -m)" in x86_64) ARCH=x64 ;; aarch64 | arm64) ARCH=arm64 ;; *) ARCH=$(uname -m) ;; esac

echo "smoke: packing into $WORK/tarballs"
mkdir -p "$WORK/tarballs"
for package in packages/*/; do
  (cd "$package" && pnpm pack --pack-destination "$WORK/tarballs" >/dev/null)
done
FLOORS=$(pnpm exec node scripts/smoke/check-tarballs.mjs "$WORK/tarballs" "$ROOT")
echo "smoke: tarballs hold LICENSE, README, CHANGELOG, dist, bins and metadata; floors:"
echo "$FLOORS" | sed 's/^/  /'

# A Node build of the given version: its binary's path.
node_binary() {
  local folder="$WORK/node-$1"
  mkdir -p "$folder"
  (cd "$folder" && npm pack --silent "node-linux-$ARCH@$1" >/dev/null && tar -xzf ./*.tgz)
  echo "$folder/package/bin/node"
}
(cd "$WORK" && npm pack --silent "npm@$NPM_VERSION" >/dev/null && tar -xzf "npm-$NPM_VERSION.tgz" && mv package npm)
NEWEST=$(npm view "node-linux-$ARCH" version)

older_or_same() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

# Every distinct floor, then the newest Node: install what that Node supports, and test it.
for version in $(echo "$FLOORS" | awk '{ print $2 }' | sort -uV) "$NEWEST"; do
  node=$(node_binary "$version")
  project="$WORK/project-$version"
  mkdir -p "$project"
  tarballs=()
  while read -r name floor; do
    if older_or_same "$floor" "$version"; then tarballs+=("$WORK/tarballs/bankkit-${name#@bankkit/}-"*.tgz); fi
  done <<<"$FLOORS"
  echo "smoke: Node $version: npm install --engine-strict ${tarballs[*]##*/}"
  (
    cd "$project"
    "$node" "$WORK/npm/bin/npm-cli.js" init -y --loglevel=error >/dev/null
    "$node" "$WORK/npm/bin/npm-cli.js" install --engine-strict --no-audit --no-fund --loglevel=error "${tarballs[@]}" >/dev/null
    cp "$ROOT"/scripts/smoke/*.mjs .
    if [ -d node_modules/@bankkit/core ]; then "$node" libraries.mjs; else "$node" libraries.mjs --only sandbox; fi
    if [ -d node_modules/@bankkit/cli ]; then "$node" cli.mjs; fi
  )
done
echo "smoke: every package installs and runs on its floor Node and on Node $NEWEST"
