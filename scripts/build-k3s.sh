#!/usr/bin/env bash
# Builds a single-node k3s image for the end-to-end tier (e2e/, *E2E), without any registry:
#   1. k3s (cmd/server, the multicall binary) and containerd-shim-runc-v2 from the Go module proxy,
#      k3s built as the main module so that its own ~70 replace directives apply, plus the pause
#      binary compiled from Kubernetes' build/pause/linux/pause.c; cached under
#        ${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/k3s/<k3s module version>/bin/
#   2. an image on the project's debootstrap base (scripts/build-runner-image.sh --base-only) with
#      Debian's runc, CNI plugins and iptables, the files in scripts/k3s/ (config, containerd
#      template, flannel CNI stand-in) and a FROM-scratch pause image as an auto-import tarball,
#      tagged localhost/rancher/k3s:<tag> (a compatible substitute for rancher/k3s) in the podman
#      storage the caller's CONTAINERS_CONF / CONTAINERS_STORAGE_CONF select.
#
# Usage: scripts/build-k3s.sh [--binaries-only] [--print-image]
#   --binaries-only  stop after step 1 (prints the bin/ directory)
#   --print-image    print the image name and exit (nothing is built)
# stdout (last line): the image name (or the bin/ directory); progress and timings on stderr.
#   NEO4J_RESTORE_K3S_VERSION  github.com/k3s-io/k3s module version (default below; the only one
#                              the Go module proxy serves)
#   NEO4J_RESTORE_KUBE_VERSION k8s.io/kubernetes version whose module zip holds pause.c
#
# Idempotent: finished binaries (three files + stamp) return at once without calling go; an image
# whose label io.neo4jrestore.content-key matches its inputs is kept. A build happens in a temp dir
# next to the cache dir and is renamed into place, so an interrupted build never leaves a half
# cache. Concurrent callers serialise on lock files. See docs/development.md ("The k3s tier").
set -euo pipefail

# The module proxy serves no k3s release tag; this pseudo-version (commit c5b15879, the
# v1.35.1+k3s1 line) is the one it lists (../shared/K3S.md).
K3S_VERSION="${NEO4J_RESTORE_K3S_VERSION:-v1.35.1-0.20260211145931-c5b158798933}"
KUBE_VERSION="${NEO4J_RESTORE_KUBE_VERSION:-v1.36.3}" # the control plane's; only pause.c is used
K3S_MODULE=github.com/k3s-io/k3s

PROJECT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/k3s"
KEY="$K3S_VERSION"
DEST="$CACHE_ROOT/$KEY"
BIN="$DEST/bin"
STAMP="$DEST/stamp"
BINARIES=(k3s containerd-shim-runc-v2 pause)
# Bumped when the way the binaries are built changes, so a cache from an older recipe is rebuilt.
RECIPE=2

BINARIES_ONLY=0 PRINT_IMAGE=0
for a in "$@"; do
  case "$a" in
    --binaries-only) BINARIES_ONLY=1 ;;
    --print-image) PRINT_IMAGE=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "build-k3s: unknown argument $a (see --help)" >&2
      exit 2
      ;;
  esac
done

log() { echo "[build-k3s] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
now() { date +%s; }

# The image tag: k3s's own version scheme for an untagged commit, with '+' as '-' (tags allow no '+').
COMMIT="${K3S_VERSION##*-}"
[[ "$COMMIT" =~ ^[0-9a-f]{12}$ ]] || die "NEO4J_RESTORE_K3S_VERSION=$K3S_VERSION is not a pseudo-version ending in a commit"
K3S_TAG="v1.35.1-k3s-${COMMIT:0:8}"
IMAGE="localhost/rancher/k3s:$K3S_TAG"
if ((PRINT_IMAGE)); then
  echo "$IMAGE"
  exit 0
fi

binaries_complete() {
  [[ -f "$STAMP" ]] && grep -qx "recipe=$RECIPE" "$STAMP" || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

# ------------------------------------------------------------------ 1. binaries
build_binaries() {
  command -v go >/dev/null || die "go is not on PATH (k3s is built from the Go module proxy)"
  command -v gcc >/dev/null || die "gcc is needed (k3s embeds SQLite through cgo; pause is C)"
  export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-buildvcs=false
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.lock-$KEY"
  if ! flock -n 9; then
    log "another build of k3s $KEY is running; waiting for it"
    flock 9
  fi
  if binaries_complete; then return 0; fi # finished by the build we waited for
  rm -rf "$DEST" "$CACHE_ROOT"/.tmp-"$KEY".*
  TMP="$(mktemp -d "$CACHE_ROOT/.tmp-$KEY.XXXXXX")"
  chmod 755 "$TMP"
  CHILD=""
  trap 'if [[ -n "$CHILD" ]]; then kill "$CHILD" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # A long go command as a child we can stop on INT/TERM, niced (the machine is shared), without
  # the lock fd, with its output on stderr.
  run() {
    nice -n 10 "$@" >&2 9>&- &
    CHILD=$!
    local rc=0
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
  }

  local t_start t0 t_dl t_build t_shim t_pause
  t_start=$(now)
  log "building k3s $K3S_VERSION with $(go env GOVERSION) (cold: ~15-20 min on 2 busy cores)"
  mkdir -p "$TMP/bin"

  # The module is built as the main module: copy it somewhere writable (the module cache is read-only).
  t0=$(now)
  local dir src
  dir="$(cd "$TMP" && go mod download -json "$K3S_MODULE@$K3S_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" \
    || die "$K3S_MODULE@$K3S_VERSION is not served by $(go env GOPROXY)"
  [[ -d "$dir" ]] || die "no module directory for $K3S_MODULE@$K3S_VERSION"
  src="$CACHE_ROOT/work/$KEY"
  rm -rf "$src" && mkdir -p "$(dirname "$src")"
  cp -r "$dir" "$src" && chmod -R u+w "$src"
  run go -C "$src" mod download || die "downloading k3s's module graph failed"
  # as k3s's scripts/build does: the manifests k3s deploys at start (CoreDNS, the API server's
  # RBAC for the kubelet API, RuntimeClasses...) are embedded from pkg/deploy/embed, which the
  # module ships empty
  cp -r "$src"/manifests/. "$src"/pkg/deploy/embed/
  t_dl=$(($(now) - t0))
  log "k3s module graph downloaded in ${t_dl}s"

  # Version stamps as k3s's scripts/build and scripts/version.sh set them for an untagged commit.
  local kube_k3s version_k8s version ctr_path ctr_version golang ldflags pkg
  kube_k3s="$(go -C "$src" list -mod=readonly -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' k8s.io/kubernetes)"
  version_k8s="${kube_k3s%-k3s*}"
  version="$version_k8s+k3s-${COMMIT:0:8}"
  ctr_path="$(go -C "$src" list -mod=readonly -m -f '{{if .Replace}}{{.Replace.Path}}{{else}}{{.Path}}{{end}}' github.com/containerd/containerd/v2)"
  ctr_version="$(go -C "$src" list -mod=readonly -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' github.com/containerd/containerd/v2)"
  golang="$(go env GOVERSION)" # k3s refuses to start unless this equals the runtime's Go version
  ldflags="-w -s"
  ldflags+=" -X $K3S_MODULE/pkg/version.Version=$version -X $K3S_MODULE/pkg/version.GitCommit=${COMMIT:0:8}"
  ldflags+=" -X $K3S_MODULE/pkg/version.UpstreamGolang=$golang"
  [[ "$version_k8s" =~ ^v1\.([0-9]+)\. ]] || die "unexpected k8s.io/kubernetes version $kube_k3s in k3s's go.mod"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitCommit=$COMMIT -X $pkg.gitTreeState=clean"
    ldflags+=" -X $pkg.gitMajor=1 -X $pkg.gitMinor=${BASH_REMATCH[1]}"
  done
  ldflags+=" -X github.com/containerd/containerd/v2/version.Version=$ctr_version"
  ldflags+=" -X github.com/containerd/containerd/v2/version.Package=$ctr_path"

  t0=$(now)
  run env CGO_ENABLED=1 CGO_CFLAGS="-DSQLITE_ENABLE_DBSTAT_VTAB=1 -DSQLITE_USE_ALLOCA=1" go -C "$src" build \
    -tags "ctrd netcgo osusergo providerless urfave_cli_no_docs sqlite_omit_load_extension apparmor seccomp" \
    -ldflags "$ldflags" -o "$TMP/bin/k3s" ./cmd/server \
    || die "building k3s failed (see above)"
  t_build=$(($(now) - t0))
  log "k3s built in ${t_build}s"

  t0=$(now)
  run env CGO_ENABLED=1 go -C "$src" build -tags "ctrd netgo osusergo providerless urfave_cli_no_docs apparmor seccomp" \
    -ldflags "$ldflags" -o "$TMP/bin/containerd-shim-runc-v2" github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2 \
    || die "building containerd-shim-runc-v2 failed (see above)"
  t_shim=$(($(now) - t0))
  log "containerd-shim-runc-v2 built in ${t_shim}s"

  # pause: the C program Kubernetes' pause image runs, from the k8s.io/kubernetes module zip.
  t0=$(now)
  local kdir
  kdir="$(cd "$TMP" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" \
    || die "k8s.io/kubernetes@$KUBE_VERSION is not served"
  [[ -f "$kdir/build/pause/linux/pause.c" ]] || die "no build/pause/linux/pause.c in k8s.io/kubernetes@$KUBE_VERSION"
  gcc -Os -Wall -Werror -static -DVERSION="$KUBE_VERSION" -o "$TMP/bin/pause" "$kdir/build/pause/linux/pause.c" >&2 \
    || die "compiling pause.c failed (a static libc is needed: apt-get install libc6-dev)"
  strip "$TMP/bin/pause" 2>/dev/null || true
  t_pause=$(($(now) - t0))

  "$TMP/bin/k3s" --version >&2 || die "the built k3s does not run"
  cat >"$TMP/stamp" <<EOF
complete=true
recipe=$RECIPE
k3s_module=$K3S_VERSION
k3s_version=$version
kubernetes_for_pause=$KUBE_VERSION
go=$golang
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
seconds_download=$t_dl
seconds_k3s_build=$t_build
seconds_shim_build=$t_shim
seconds_pause_build=$t_pause
seconds_total=$(($(now) - t_start))
EOF
  mv -T "$TMP" "$DEST"
  trap - EXIT INT TERM
  exec 9>&-
  log "k3s binaries done in $(($(now) - t_start))s: $BIN"
}

# The k3s module's source directory in the Go module cache (downloaded if absent; no build).
k3s_source() {
  local dir
  dir="$(cd "$CACHE_ROOT" && GOTOOLCHAIN=local GOWORK=off GOFLAGS= go mod download -json "$K3S_MODULE@$K3S_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || die "$K3S_MODULE@$K3S_VERSION is not served"
  [[ -d "$dir" ]] || die "no module directory for $K3S_MODULE@$K3S_VERSION"
  echo "$dir"
}

build_coredns() {
  command -v go >/dev/null || die "go is not on PATH (CoreDNS is built from the Go module proxy)"
  exec 8>"$CACHE_ROOT/.lock-coredns-$COREDNS_VERSION"
  flock 8
  if [[ -x "$COREDNS_DEST/coredns" ]]; then
    exec 8>&-
    return 0
  fi
  local t0 dir src tmp
  t0=$(now)
  log "building CoreDNS v$COREDNS_VERSION (k3s's manifest names it) from the Go module proxy"
  dir="$(cd "$CACHE_ROOT" && GOTOOLCHAIN=local GOWORK=off go mod download -json "github.com/coredns/coredns@v$COREDNS_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || die "github.com/coredns/coredns@v$COREDNS_VERSION is not served"
  [[ -d "$dir" ]] || die "no module directory for github.com/coredns/coredns@v$COREDNS_VERSION"
  src="$CACHE_ROOT/work/coredns-v$COREDNS_VERSION"
  rm -rf "$src" && mkdir -p "$(dirname "$src")"
  cp -r "$dir" "$src" && chmod -R u+w "$src"
  mkdir -p "$src/cmd/k3s-corefile"
  # the plugins of k3s's Corefile (manifests/coredns.yaml; `import` is built in)
  cat >"$src/cmd/k3s-corefile/main.go" <<'GO'
// Generated by neo4j-restore's scripts/build-k3s.sh: CoreDNS with the plugins k3s's Corefile uses.
package main

import (
	"github.com/coredns/coredns/coremain"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/hosts"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() {
	coremain.Run()
}
GO
  tmp="$(mktemp -d "$CACHE_ROOT/.tmp-coredns.XXXXXX")"
  (cd "$src" && GOTOOLCHAIN=local GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 nice -n 10 \
    go build -trimpath -ldflags "-s -w" -o "$tmp/coredns" ./cmd/k3s-corefile) >&2 \
    || { rm -rf "$tmp"; die "building CoreDNS failed (see above)"; }
  "$tmp/coredns" -version >&2 || { rm -rf "$tmp"; die "the built CoreDNS does not run"; }
  rm -rf "$COREDNS_DEST"
  mv -T "$tmp" "$COREDNS_DEST"
  exec 8>&-
  log "CoreDNS built in $(($(now) - t0))s"
}

# podman as the other scripts run it here: runc, no default ulimits (../shared/CONTAINERS.md);
# the caller's CONTAINERS_CONF / CONTAINERS_STORAGE_CONF decide which storage the image goes to.
pod() { CONTAINERS_CONF="${CONTAINERS_CONF:-$CACHE_ROOT/containers.conf}" podman --runtime runc "$@"; }

# A FROM-scratch image holding one static binary, saved as a docker-archive tarball that k3s
# imports at start (agent/images/).
scratch_image_tar() { # scratch_image_tar BINARY IMAGE-NAME TAR
  local ctx
  ctx="$(mktemp -d "$CACHE_ROOT/.ctx.XXXXXX")"
  cp "$1" "$ctx/$(basename "$1")"
  printf 'FROM scratch\nCOPY %s /%s\nENTRYPOINT ["/%s"]\n' "$(basename "$1")" "$(basename "$1")" "$(basename "$1")" >"$ctx/Containerfile"
  pod build --network none --pull=never -q -t "$2" -f "$ctx/Containerfile" "$ctx" >/dev/null \
    || { rm -rf "$ctx"; die "podman build of $2 failed"; }
  rm -rf "$ctx"
  pod save --format docker-archive -o "$3.tmp" "$2" >/dev/null || die "podman save of $2 failed"
  mv -f "$3.tmp" "$3"
  pod rmi "$2" >/dev/null 2>&1 || true
}

build_image() {
  command -v podman >/dev/null || die "podman is not installed (Debian: apt-get install podman runc)"
  command -v runc >/dev/null || die "runc is not installed (Debian: apt-get install runc)"
  printf '[containers]\ndefault_ulimits = []\n' >"$CACHE_ROOT/containers.conf.$$" \
    && mv -f "$CACHE_ROOT/containers.conf.$$" "$CACHE_ROOT/containers.conf"
  exec 7>"$CACHE_ROOT/.lock-image"
  flock 7
  local t0 base ctx key src_dir pause_image coredns_image archive
  t0=$(now)
  # its name carries the sha256 of the base tarball, the same in every podman storage
  base="$(bash "$PROJECT/scripts/build-runner-image.sh" --base-only | tail -1)" || die "the Debian base image failed"

  # the pause and CoreDNS images, once per version
  pause_image="localhost/neo4j-restore/k3s-pause:$KUBE_VERSION"
  coredns_image="docker.io/rancher/mirrored-coredns-coredns:$COREDNS_VERSION"
  mkdir -p "$DEST/images"
  [[ -f "$DEST/images/pause.tar" ]] || scratch_image_tar "$BIN/pause" "$pause_image" "$DEST/images/pause.tar"
  [[ -f "$DEST/images/coredns-$COREDNS_VERSION.tar" ]] \
    || scratch_image_tar "$COREDNS_DEST/coredns" "$coredns_image" "$DEST/images/coredns-$COREDNS_VERSION.tar"

  # the build context: scripts/k3s/ + the binaries + the generated containerd template
  ctx="$CACHE_ROOT/context-$KEY"
  rm -rf "$ctx" && mkdir -p "$ctx/bin" "$ctx/agent/images" "$ctx/agent/etc/containerd"
  cp "$PROJECT"/scripts/k3s/Containerfile "$PROJECT"/scripts/k3s/flannel "$ctx/"
  sed "s#@PAUSE_IMAGE@#$pause_image#" "$PROJECT/scripts/k3s/config.yaml" >"$ctx/config.yaml"
  ln "$BIN/k3s" "$BIN/containerd-shim-runc-v2" "$ctx/bin/" 2>/dev/null \
    || cp "$BIN/k3s" "$BIN/containerd-shim-runc-v2" "$ctx/bin/"
  ln "$DEST/images/pause.tar" "$DEST/images/coredns-$COREDNS_VERSION.tar" "$ctx/agent/images/" 2>/dev/null \
    || cp "$DEST/images/pause.tar" "$DEST/images/coredns-$COREDNS_VERSION.tar" "$ctx/agent/images/"
  # k3s's own containerd template with restrict_oom_score_adj always on: no process here may set a
  # negative oom_score_adj (no CAP_SYS_RESOURCE), and containerd's CRI gives sandboxes -998
  # otherwise ("can't get final child's PID from pipe: EOF"). Generated from this k3s version's
  # pkg/agent/templates, so it matches the binary.
  src_dir="$(k3s_source)"
  awk '
    /^const ContainerdConfigTemplateV3 = `/ { on = 1; sub(/^const ContainerdConfigTemplateV3 = `/, ""); if ($0 != "") print; next }
    on && /^`/ { exit }
    on { print }
  ' "$src_dir/pkg/agent/templates/templates.go" >"$ctx/template.raw"
  grep -q '^{{ if .IsRunningInUserNS }}$' "$ctx/template.raw" && grep -q '^  restrict_oom_score_adj = true$' "$ctx/template.raw" \
    || die "k3s's containerd template changed: restrict_oom_score_adj is no longer under IsRunningInUserNS"
  awk '
    $0 == "{{ if .IsRunningInUserNS }}" { print "  restrict_oom_score_adj = true"; print; next }
    $0 == "  restrict_oom_score_adj = true" { next }
    { print }
  ' "$ctx/template.raw" >"$ctx/agent/etc/containerd/config-v3.toml.tmpl"
  rm -f "$ctx/template.raw"

  key="$( (
    cd "$ctx" && find . -type f ! -path './bin/*' ! -path './agent/images/*' -print0 | sort -z | xargs -0 sha256sum
    cat "$STAMP"
    echo "coredns $COREDNS_VERSION base $base"
  ) | sha256sum | cut -c1-16)"
  # The image is kept as an archive too, so another podman storage (each checkout's test run has
  # its own, see scripts/test.sh) loads it in seconds instead of building it again.
  archive="$CACHE_ROOT/images/k3s-image-$KEY-$key.tar"
  if pod image exists "$IMAGE" \
    && [[ "$(pod image inspect --format '{{index .Labels "io.neo4jrestore.content-key"}}' "$IMAGE" 2>/dev/null)" == "$key" ]]; then
    log "k3s image $IMAGE: up to date"
  elif [[ -f "$archive" ]]; then
    pod load -q -i "$archive" >/dev/null || die "podman load of $archive failed"
    log "k3s image $IMAGE loaded from $archive in $(($(now) - t0))s"
  else
    local old
    old="$(pod image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
    log "building $IMAGE on $base"
    pod build --network host --pull=never --build-arg "BASE_IMAGE=$base" \
      --label "io.neo4jrestore.content-key=$key" -t "$IMAGE" -f "$ctx/Containerfile" "$ctx" >&2 \
      || die "podman build of the k3s image failed (see above)"
    if [[ -n "$old" && "$old" != "$(pod image inspect --format '{{.Id}}' "$IMAGE")" ]]; then
      pod rmi "$old" >/dev/null 2>&1 || true
    fi
    mkdir -p "$CACHE_ROOT/images"
    rm -f "$CACHE_ROOT/images/k3s-image-$KEY-"*.tar
    pod save -q --format docker-archive -o "$archive.tmp" "$IMAGE" >/dev/null && mv -f "$archive.tmp" "$archive" \
      || log "warning: could not keep $IMAGE as $archive"
    log "k3s image $IMAGE ($(pod image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}')) in $(($(now) - t0))s"
  fi
  rm -rf "$ctx"
  exec 7>&-
}

if binaries_complete; then
  log "k3s binaries $KEY: cached"
else
  build_binaries
fi
if ((BINARIES_ONLY)); then
  echo "$BIN"
  exit 0
fi

# ------------------------------------------------------------------ 2. CoreDNS
# k3s deploys CoreDNS from its own manifest (image rancher/mirrored-coredns-coredns:<version>,
# imagePullPolicy IfNotPresent); an image of that name built here from the Go module proxy is what
# it then runs. Built as the main module from a copy (its go.mod applies), with a main package that
# links only the plugins k3s's Corefile uses.
COREDNS_VERSION="$(sed -n 's#.*rancher/mirrored-coredns-coredns:\([0-9.]*\)".*#\1#p' "$(k3s_source)/manifests/coredns.yaml" | head -1)"
[[ -n "$COREDNS_VERSION" ]] || die "cannot read the CoreDNS version from k3s's manifests/coredns.yaml"
COREDNS_DEST="$CACHE_ROOT/coredns-v$COREDNS_VERSION"
if [[ ! -x "$COREDNS_DEST/coredns" ]]; then
  build_coredns
else
  log "CoreDNS v$COREDNS_VERSION: cached"
fi

# ------------------------------------------------------------------ 3. the image
build_image
echo "$IMAGE"
