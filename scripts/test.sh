#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test) and integration tests (*IT).
# Idempotent; installs/builds what the tests need first. Usage: scripts/test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "test.sh: Java 17+ is required (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test.sh: Maven is required (apt-get install maven)" >&2; exit 1; }

exec mvn -B verify "$@"
