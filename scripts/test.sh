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

# The podman storage of this checkout's tests (RunnerImageIT and the k3s tier), apart from the
# machine's default storage: another checkout's test run tags the same runner image name with its
# own code, and the k3s tier must load exactly this build's images into its cluster.
PODMAN_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/podman/$(printf %s "$PWD" | sha256sum | cut -c1-12)"
mkdir -p "$PODMAN_HOME/storage"
# runc and no default ulimits: crun and the default ulimits fail here (docs/packaging.md)
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$PODMAN_HOME/containers.conf"
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' \
  "$PODMAN_HOME/storage" "/run/neo4j-restore-podman-${PODMAN_HOME##*/}" >"$PODMAN_HOME/storage.conf"
export CONTAINERS_CONF="$PODMAN_HOME/containers.conf" CONTAINERS_STORAGE_CONF="$PODMAN_HOME/storage.conf"
bash scripts/build-runner-image.sh --base-only >/dev/null

# The k3s tier (e2e/, *E2E): the k3s image is built from the Go module proxy once (cold: see
# docs/development.md), in the background while the other tests run; the tier waits for it.
K3S_BUILD_PID=
if [[ " $* " != *" -DskipE2E "* ]]; then
  K3S_BUILD_LOG="$PODMAN_HOME/build-k3s.log"
  nice -n 10 bash scripts/build-k3s.sh >"$K3S_BUILD_LOG" 2>&1 &
  K3S_BUILD_PID=$!
  export NEO4J_RESTORE_K3S_BUILD_LOG="$K3S_BUILD_LOG"
fi

# Testcontainers talks to podman's Docker-compatible API, served for this run only.
PODMAN_SOCKET="$PODMAN_HOME/podman.sock"
rm -f "$PODMAN_SOCKET"
podman system service --time=0 "unix://$PODMAN_SOCKET" >"$PODMAN_HOME/podman-service.log" 2>&1 &
PODMAN_PID=$!
export DOCKER_HOST="unix://$PODMAN_SOCKET"
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
# this machine has /.dockerenv: without this Testcontainers dials the bridge gateway, not localhost
export TESTCONTAINERS_HOST_OVERRIDE=localhost

# k3s's kubelet changes these host sysctls; they are put back when the run ends
SYSCTLS=(vm/overcommit_memory kernel/panic kernel/panic_on_oops)
declare -A SYSCTL_WAS=()
for k in "${SYSCTLS[@]}"; do SYSCTL_WAS[$k]="$(cat "/proc/sys/$k")"; done

finish() {
  kill "$PODMAN_PID" 2>/dev/null || true
  wait "$PODMAN_PID" 2>/dev/null || true
  if [[ -n "$K3S_BUILD_PID" ]] && kill -0 "$K3S_BUILD_PID" 2>/dev/null; then
    kill "$K3S_BUILD_PID" 2>/dev/null || true
    wait "$K3S_BUILD_PID" 2>/dev/null || true
  fi
  rm -f "$PODMAN_SOCKET"
  local k
  for k in "${SYSCTLS[@]}"; do
    if [[ "$(cat "/proc/sys/$k")" != "${SYSCTL_WAS[$k]}" ]]; then
      echo "${SYSCTL_WAS[$k]}" >"/proc/sys/$k" 2>/dev/null \
        || echo "test.sh: could not restore $k to ${SYSCTL_WAS[$k]}" >&2
    fi
  done
}
trap finish EXIT
for _ in $(seq 100); do [[ -S "$PODMAN_SOCKET" ]] && break; sleep 0.1; done

RUN_MARK="$(mktemp)"
rc=0
mvn -B verify "$@" || rc=$?

# the k3s tier's own figures (its failsafe execution writes its reports apart)
K3S_REPORTS=e2e/target/failsafe-reports-k3s
if [[ -d "$K3S_REPORTS" ]] && [[ -n "$(find "$K3S_REPORTS" -name 'TEST-*.xml' -newer "$RUN_MARK")" ]]; then
  python3 - "$K3S_REPORTS" "$RUN_MARK" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
tests = failures = errors = skipped = 0
seconds = 0.0
since = os.path.getmtime(sys.argv[2])
for f in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    if os.path.getmtime(f) < since:
        continue
    s = ET.parse(f).getroot()
    tests += int(s.get("tests", 0)); failures += int(s.get("failures", 0))
    errors += int(s.get("errors", 0)); skipped += int(s.get("skipped", 0))
    seconds += float(s.get("time", 0))
print(f"[test.sh] k3s tier (*E2E): {tests} tests, {failures} failures, {errors} errors, "
      f"{skipped} skipped, {seconds:.0f} s in test classes")
PY
fi
rm -f "$RUN_MARK"
exit "$rc"
