#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test) and integration tests (*IT).
# Idempotent; installs/builds what the tests need first. Usage: scripts/test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "test.sh: Java 17+ is required (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test.sh: Maven is required (apt-get install maven)" >&2; exit 1; }

command -v go >/dev/null || { echo "test.sh: Go 1.26+ is required to build the test control plane (see docs/development.md)" >&2; exit 1; }

# the TLS tests make their keys and certificates with openssl at test time (no key is committed)
command -v openssl >/dev/null || { echo "test.sh: openssl is required (apt-get install openssl)" >&2; exit 1; }

# the krew check (KrewPackageIT) reads the manifest with PyYAML
command -v python3 >/dev/null || { echo "test.sh: python3 is required (apt-get install python3)" >&2; exit 1; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml \
  || { echo "test.sh: cannot install PyYAML (pip install pyyaml, or apt-get install python3-yaml)" >&2; exit 1; }
# the S3 staging test (S3StagingIT) runs moto's S3-compatible server on 127.0.0.1
python3 -c 'import moto.server, flask, werkzeug' 2>/dev/null || python3 -m pip install --quiet 'moto[server]' \
  || { echo "test.sh: cannot install moto's server (pip install 'moto[server]')" >&2; exit 1; }

# the Azure staging test (AzureStagingIT) runs Azurite's blob service (npm) on 127.0.0.1
AZURITE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/azurite"
if [[ ! -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ]]; then
  command -v npm >/dev/null || { echo "test.sh: npm is required for Azurite (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$AZURITE_DIR"
  npm install --prefix "$AZURITE_DIR" --no-audit --no-fund --silent azurite@3.37.0 >/dev/null \
    || { echo "test.sh: cannot install Azurite (npm install azurite)" >&2; exit 1; }
fi

# the GCS staging test (GcsStagingIT) runs fake-gcs-server, built once from the Go module proxy
FAKE_GCS_VERSION=v1.56.1
FAKE_GCS_BIN="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/fake-gcs-server/bin"
if ! go version -m "$FAKE_GCS_BIN/fake-gcs-server" 2>/dev/null | grep -q "fake-gcs-server[[:space:]]*$FAKE_GCS_VERSION"; then
  rm -rf "$FAKE_GCS_BIN.tmp" && mkdir -p "$FAKE_GCS_BIN.tmp"
  GOBIN="$FAKE_GCS_BIN.tmp" go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_VERSION" \
    || { echo "test.sh: cannot build fake-gcs-server (go install github.com/fsouza/fake-gcs-server@$FAKE_GCS_VERSION)" >&2; exit 1; }
  rm -rf "$FAKE_GCS_BIN" && mv "$FAKE_GCS_BIN.tmp" "$FAKE_GCS_BIN"
fi

# the integration tests' Kubernetes control plane: built once from the Go module proxy, then cached
bash scripts/build-control-plane.sh >/dev/null

# the runner image (RunnerImageIT builds it from runner/target and runs it): podman, runc and
# debootstrap from Debian when missing, then the cached Debian base image (debootstrap, ~1 min once)
missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null || [[ -x "/usr/sbin/$tool" ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "test.sh: ${missing[*]} missing (as root: apt-get install podman runc debootstrap)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || { echo "test.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
bash scripts/build-runner-image.sh --base-only >/dev/null

exec mvn -B verify "$@"
