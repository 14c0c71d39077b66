#!/usr/bin/env bash
# Builds the plugin and runs it as kubectl runs it: `kubectl neo4j-restore ...`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> building (mvn package, tests skipped)" >&2
mvn -q -B package -DskipTests
export PATH="$PWD/plugin/target:$PATH"

echo "==> kubectl finds the plugin:" >&2
kubectl plugin list 2>/dev/null | grep kubectl-neo4j_restore || { echo "kubectl does not see kubectl-neo4j_restore on PATH" >&2; exit 1; }

echo "==> kubectl neo4j-restore --help" >&2
kubectl neo4j-restore --help
echo "==> kubectl neo4j-restore version" >&2
kubectl neo4j-restore version
