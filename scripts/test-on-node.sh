#!/usr/bin/env bash
# Runs the test command (npm test) on another Node release, fetched from the npm registry by
# scripts/fetch-node.sh: `scripts/test-on-node.sh 26` proves the suite on the Docker image's Node.
# npm itself is the machine's; the Node it runs on, and every process the tests start, is the fetched one.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
node_dir="$(scripts/fetch-node.sh "${1:?usage: scripts/test-on-node.sh <major or version>}")"
export PATH="${node_dir}/bin:${PATH}"
echo "test-on-node: $(node --version) from ${node_dir}"
npm test
