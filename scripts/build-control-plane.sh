#!/usr/bin/env bash
# Builds a local Kubernetes control plane (kube-apiserver, kube-controller-manager, etcd) for
# integration tests, from the Go module proxy with the machine's Go, and caches the binaries under
#   ${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/control-plane/<k8s-version>-etcd<etcd-version>/bin/
#
# Usage:  BIN=$(scripts/build-control-plane.sh | tail -1)
#   stdout: the bin/ directory (last line); stderr: progress and timings.
#   NEO4J_RESTORE_K8S_VERSION  (default below)  k8s.io/kubernetes version, e.g. v1.36.3
#   NEO4J_RESTORE_ETCD_VERSION (default below)  go.etcd.io/etcd/server/v3 version, e.g. v3.6.8
#
# Idempotent: a finished cache (three binaries + stamp) returns at once without calling go. A build
# happens in a temp dir next to the cache dir and is renamed into place, so an interrupted build
# never leaves a half cache. Concurrent callers serialise on a lock file.
# See docs/development.md ("The local control plane") for why these versions and how to run them.
set -euo pipefail

# Pinned: the newest 1.36 patch the module proxy serves (1.36 is one minor ahead of client-java 27's
# models; 1.37.2 also resolves but is further away). etcd: the server version that
# k8s.io/kubernetes v1.36.3's own go.mod requires, so both builds share the etcd client modules.
K8S_VERSION="${NEO4J_RESTORE_K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${NEO4J_RESTORE_ETCD_VERSION:-v3.6.8}"

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/control-plane"
KEY="${K8S_VERSION}-etcd${ETCD_VERSION}"
DEST="$CACHE_ROOT/$KEY"
BIN="$DEST/bin"
STAMP="$DEST/stamp"
BINARIES=(kube-apiserver kube-controller-manager etcd)

is_complete() {
  [[ -f "$STAMP" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

# Fast path: no go, no network.
if is_complete; then
  echo "control plane $KEY: cached" >&2
  echo "$BIN"
  exit 0
fi

log() { echo "[build-control-plane] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s; }

[[ "$K8S_VERSION" =~ ^v1\.([0-9]+)\.([0-9]+)(-.*)?$ ]] \
  || die "NEO4J_RESTORE_K8S_VERSION=$K8S_VERSION is not of the form v1.<minor>.<patch>"
K8S_MINOR="${BASH_REMATCH[1]}"
STAGING_VERSION="v0.${K8S_VERSION#v1.}" # v1.36.3 -> v0.36.3 (the staging modules' tag)
[[ "$ETCD_VERSION" =~ ^v3\.[0-9]+\.[0-9]+ ]] \
  || die "NEO4J_RESTORE_ETCD_VERSION=$ETCD_VERSION is not of the form v3.<minor>.<patch>"

command -v go >/dev/null || die "go is not on PATH"

export GOTOOLCHAIN=local # never download another toolchain
export CGO_ENABLED=0
export GOWORK=off
export GOFLAGS=-buildvcs=false # the wrapper modules are not VCS checkouts; ignore the caller's GOFLAGS

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock-$KEY"
if ! flock -n 9; then
  log "another build of $KEY is running; waiting for it"
  flock 9
fi
if is_complete; then # finished by the build we waited for
  echo "$BIN"
  exit 0
fi
# Under the lock, anything left from an earlier interrupted build is stale.
rm -rf "$DEST" "$CACHE_ROOT"/.tmp-"$KEY".*
TMP="$(mktemp -d "$CACHE_ROOT/.tmp-$KEY.XXXXXX")"
chmod 755 "$TMP"
CHILD=""
cleanup() {
  if [[ -n "$CHILD" ]]; then kill "$CHILD" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a long go command as a child we can stop on INT/TERM (so an interrupted build stops
# compiling at once), without the lock fd, with its output on stderr.
run() {
  "$@" >&2 9>&- &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

WORK="$CACHE_ROOT/work/$KEY" # wrapper modules, regenerated each build, kept afterwards for inspection
rm -rf "$WORK"
mkdir -p "$WORK/k8s" "$WORK/etcd" "$TMP/bin"

T_START=$(now)
log "building Kubernetes $K8S_VERSION (staging $STAGING_VERSION) + etcd $ETCD_VERSION with $(go env GOVERSION)"
log "cache: $DEST"

version_ge() { # version_ge A B: A >= B for go versions like 1.26.0 / 1.26
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" == "$2" ]]
}

# Prints the `go` line's version and the godebug directives (single line or block) of a go.mod.
gomod_go_line() { awk '$1 == "go" && NF == 2 { print $2; exit }' "$1"; }
gomod_godebug() {
  awk '
    /^godebug[ \t]*\(/ { inblock = 1; print; next }
    inblock { print; if ($0 ~ /^\)/) inblock = 0; next }
    /^godebug[ \t]/ { print }
  ' "$1"
}

# ---------------------------------------------------------------- Kubernetes
t0=$(now)
K8S_GOMOD="$(cd "$WORK" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" \
  | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')" \
  || die "k8s.io/kubernetes@$K8S_VERSION is not served by $(go env GOPROXY)"
[[ -f "$K8S_GOMOD" ]] || die "no go.mod for k8s.io/kubernetes@$K8S_VERSION"

K8S_GO="$(gomod_go_line "$K8S_GOMOD")"
HAVE_GO="$(go env GOVERSION)"
HAVE_GO="${HAVE_GO#go}"
version_ge "$HAVE_GO" "$K8S_GO" \
  || die "k8s.io/kubernetes@$K8S_VERSION needs go >= $K8S_GO, this machine has go $HAVE_GO: pick an older Kubernetes with NEO4J_RESTORE_K8S_VERSION"

# Every staging module: `k8s.io/<m> => ./staging/src/k8s.io/<m>`.
mapfile -t STAGING < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$K8S_GOMOD" | sort -u)
((${#STAGING[@]} > 0)) || die "no staging replaces found in $K8S_GOMOD"
# The staging modules k8s.io/kubernetes actually requires (the rest, e.g. sample-controller, are
# outside the module graph, so their replace is inert and they need not be served).
mapfile -t REQUIRED < <(awk '/^require[ \t]*\(/ { r = 1; next } r && /^\)/ { r = 0 } r { print $1 }' "$K8S_GOMOD" \
  | grep -Fx -f <(printf '%s\n' "${STAGING[@]}") || true)
log "$(basename "$K8S_GOMOD"): go $K8S_GO, ${#STAGING[@]} staging modules (${#REQUIRED[@]} required)"

# Check that each staging module resolves at the staging tag, in one go list call.
missing=()
while read -r path err; do
  [[ -n "$err" ]] || continue
  if printf '%s\n' "${REQUIRED[@]}" | grep -qFx "$path"; then
    missing+=("$path@$STAGING_VERSION")
  else
    log "note: $path@$STAGING_VERSION is not served; not required by k8s.io/kubernetes, replace is inert"
  fi
done < <(cd "$WORK" && go list -m -e -f '{{.Path}} {{if .Error}}ERR{{end}}' \
  "${STAGING[@]/%/@$STAGING_VERSION}")
((${#missing[@]} == 0)) || die "not served by the module proxy: ${missing[*]}; pin another Kubernetes version"

{
  echo "// Generated by scripts/build-control-plane.sh: builds k8s.io/kubernetes commands at $K8S_VERSION."
  echo "module neo4j-restore.local/control-plane/kubernetes"
  echo
  echo "go $K8S_GO"
  echo
  gomod_godebug "$K8S_GOMOD"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  for m in "${STAGING[@]}"; do echo "	$m => $m $STAGING_VERSION"; done
  echo ")"
} >"$WORK/k8s/go.mod"

K8S_CMDS=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
run go -C "$WORK/k8s" get -tool "${K8S_CMDS[@]/%/@$K8S_VERSION}" \
  || die "resolving the Kubernetes commands failed (see above)"

# The wrapper's module graph must match what Kubernetes pins for itself: report any drift.
drift="$(cd "$WORK/k8s" && export LC_ALL=C && join \
  <(awk '/^require[ \t]*\(/ { r = 1; next } r && /^\)/ { r = 0 } r && $2 != "v0.0.0" { print $1, $2 }' "$K8S_GOMOD" | sort) \
  <(go list -m -f '{{.Path}} {{.Version}}' all | sort) | awk '$2 != $3 { print "  " $1 ": kubernetes pins " $2 ", wrapper resolved " $3 }')"
[[ -z "$drift" ]] || log "warning: dependency versions differ from k8s.io/kubernetes's go.mod:"$'\n'"$drift"
T_K8S_DL=$(($(now) - t0))
log "kubernetes modules resolved/downloaded in ${T_K8S_DL}s"

t0=$(now)
V="k8s.io/component-base/version"
C="k8s.io/client-go/pkg/version"
LDFLAGS="-s -w"
for pkg in "$V" "$C"; do
  LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$K8S_MINOR"
  LDFLAGS+=" -X $pkg.gitTreeState=archive -X $pkg.gitCommit="
done
run go -C "$WORK/k8s" build -trimpath -ldflags "$LDFLAGS" -o "$TMP/bin/" "${K8S_CMDS[@]}" \
  || die "building kube-apiserver/kube-controller-manager failed"
T_K8S_BUILD=$(($(now) - t0))
log "kube-apiserver + kube-controller-manager built in ${T_K8S_BUILD}s"

# ---------------------------------------------------------------- etcd
# A separate wrapper, so etcd's dependency versions cannot move the apiserver's.
t0=$(now)
ETCD_GOMOD="$(cd "$WORK" && go mod download -json "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
  | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')" \
  || die "go.etcd.io/etcd/server/v3@$ETCD_VERSION is not served"
{
  echo "// Generated by scripts/build-control-plane.sh: builds the etcd server at $ETCD_VERSION."
  echo "module neo4j-restore.local/control-plane/etcd"
  echo
  echo "go $(gomod_go_line "$ETCD_GOMOD")"
  gomod_godebug "$ETCD_GOMOD"
} >"$WORK/etcd/go.mod"
run go -C "$WORK/etcd" get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
  || die "resolving go.etcd.io/etcd/server/v3@$ETCD_VERSION failed"
T_ETCD_DL=$(($(now) - t0))
log "etcd modules resolved/downloaded in ${T_ETCD_DL}s"

t0=$(now)
run go -C "$WORK/etcd" build -trimpath -ldflags "-s -w" -o "$TMP/bin/etcd" go.etcd.io/etcd/server/v3 \
  || die "building etcd failed"
T_ETCD_BUILD=$(($(now) - t0))
log "etcd built in ${T_ETCD_BUILD}s"

# ---------------------------------------------------------------- publish
"$TMP/bin/etcd" --version >&2
"$TMP/bin/kube-apiserver" --version >&2
T_TOTAL=$(($(now) - T_START))
cat >"$TMP/stamp" <<EOF
complete=true
kubernetes=$K8S_VERSION
etcd=$ETCD_VERSION
go=$(go env GOVERSION)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
seconds_k8s_download=$T_K8S_DL
seconds_k8s_build=$T_K8S_BUILD
seconds_etcd_download=$T_ETCD_DL
seconds_etcd_build=$T_ETCD_BUILD
seconds_total=$T_TOTAL
EOF
mv -T "$TMP" "$DEST" # atomic: DEST does not exist (removed under the lock above)
trap - EXIT INT TERM
log "done in ${T_TOTAL}s (download ${T_K8S_DL}s+${T_ETCD_DL}s, build ${T_K8S_BUILD}s+${T_ETCD_BUILD}s)"
echo "$BIN"
