#!/usr/bin/env bash
# Start-up of the runner inside its container (docs/performance.md). Builds nothing: run
# scripts/build-runner-image.sh first.
#
# Usage: scripts/bench-runner-image.sh [--runs N] [IMAGE]
#   IMAGE    default: the one scripts/build-runner-image.sh --print-image names
#   --runs N timed runs per case (default 9), after one untimed run; the median is printed
#
# Cases, each `podman --runtime runc run --rm` as the runner Job runs it (user 65532, read-only
# root, /tmp tmpfs, no capabilities):
#   container   --entrypoint /bin/true: podman + runc alone (create, start, remove), no JVM
#   version     the entrypoint with --version: JVM start, picocli, exit
#   first-api   `run` in in-cluster mode against a closed port: everything up to the first API
#               request (Kubernetes client, TLS setup, ServiceAccount files) and its error line
# The machine's load average is printed too: other work on the machine moves every figure.
set -euo pipefail

RUNS=9
IMAGE=""
while (($#)); do
  case "$1" in
    --runs)
      RUNS="$2"
      shift 2
      ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      IMAGE="$1"
      shift
      ;;
  esac
done
PROJECT="$(cd "$(dirname "$0")/.." && pwd)"
[[ -n "$IMAGE" ]] || IMAGE="$(bash "$PROJECT/scripts/build-runner-image.sh" --print-image)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/runner-image"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$CACHE/containers.conf}"
[[ -f "$CONTAINERS_CONF" ]] || printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
podman image exists "$IMAGE" || {
  echo "bench-runner-image: $IMAGE does not exist: run scripts/build-runner-image.sh" >&2
  exit 1
}

SA="$(mktemp -d)"
trap 'rm -rf "$SA"' EXIT
# a ServiceAccount volume with a self-signed CA, for the in-cluster configuration
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench \
  -keyout "$SA/key" -out "$SA/ca.crt" 2>/dev/null
echo "bench-token" >"$SA/token"
echo bench >"$SA/namespace"
chmod 755 "$SA" && chmod 644 "$SA"/*

POD=(podman --runtime runc run --rm --network host --user 65532:65532 --read-only
  --tmpfs "/tmp:rw,mode=1777" --cap-drop ALL --security-opt no-new-privileges)
declare -A CASES=(
  [container]="--entrypoint /bin/true $IMAGE"
  [version]="$IMAGE --version"
  [first-api]="--volume $SA:/var/run/secrets/kubernetes.io/serviceaccount:ro --env KUBERNETES_SERVICE_HOST=127.0.0.1 --env KUBERNETES_SERVICE_PORT=9 $IMAGE run --namespace bench --name bench"
)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "image $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}')), $RUNS runs each, load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in container version first-api; do
  read -r -a args <<<"${CASES[$c]}"
  "${POD[@]}" "${args[@]}" >/dev/null 2>&1 || true # untimed: page cache
  times=()
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N)
    "${POD[@]}" "${args[@]}" >/dev/null 2>&1 || true
    times+=($((($(date +%s%N) - t0) / 1000000)))
  done
  printf '%-10s median %5d ms   (min %d, max %d)\n' "$c" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${times[@]}" | sort -n | head -1)" "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
done
