#!/usr/bin/env bash
# Builds the runner image (runner/Containerfile) with podman, without any registry:
#   1. a Debian bookworm base made with `debootstrap --variant=minbase`, trimmed, cached as a tarball
#      under ${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/runner-image/ and `podman import`-ed;
#   2. a Java runtime jlink-ed from the machine's JDK 17 with the modules the runner needs (cached);
#   3. `podman --runtime runc build --network host` of runner/Containerfile on that base, tagged
#      with the image the plugin and `install` put into Job manifests (the POM's runner.image,
#      i.e. localhost/neo4j-restore-runner:<project version>).
#
# Usage: scripts/build-runner-image.sh [--skip-build] [--base-only] [--context-only] [--print-image]
#   --skip-build    use runner/target as it is (no Maven build)
#   --base-only     only make sure the base image exists (what scripts/test.sh runs before Maven)
#   --context-only  prepare the build context runner/target/image and stop (for docker build etc.)
#   --print-image   print the image name the POM gives and exit (no podman needed)
# stdout (last line): "<image> <digest> <image id>"; progress and timings on stderr.
#
# Idempotent: an image of that name whose label io.neo4jrestore.content-key matches the content
# (Containerfile, base image, runtime, runner jar and lib/) is kept as it is. Concurrent callers
# serialise on a lock file. podman runs with runc and a containers.conf without default ulimits
# (crun and the default ulimits fail here: ../shared/CONTAINERS.md, docs/packaging.md).
#   NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY  the image repository instead of the POM's
#                                (runner.image.repository, localhost/neo4j-restore-runner); the
#                                release workflow sets its registry's, e.g.
#                                ghcr.io/OWNER/neo4j-restore-runner; the runner and the plugin must
#                                be built with the same -Drunner.image.repository (this script's
#                                own Maven build passes it)
#   NEO4J_RESTORE_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
#   NEO4J_RESTORE_JLINK_JDK      the JDK 17 to jlink from (default: the one javac belongs to)
#   NEO4J_RESTORE_MVN_ARGS       extra Maven arguments for the build (e.g. -o)
set -euo pipefail

T_START=$(date +%s)
log() { echo "[build-runner-image] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

SKIP_BUILD=0 BASE_ONLY=0 CONTEXT_ONLY=0 PRINT_IMAGE=0
for a in "$@"; do
  case "$a" in
    --skip-build) SKIP_BUILD=1 ;;
    --base-only) BASE_ONLY=1 ;;
    --context-only) CONTEXT_ONLY=1 ;;
    --print-image) PRINT_IMAGE=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument $a (see --help)" ;;
  esac
done

PROJECT="$(cd "$(dirname "$0")/.." && pwd)"
RUNNER="$PROJECT/runner"
TARGET="$RUNNER/target"
CONTEXT="$TARGET/image"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/runner-image"
SUITE=bookworm
MIRROR="${NEO4J_RESTORE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# ------------------------------------------------------------------ the image name, from the POM
# The same expression Maven filters into the plugin's and the runner's build.properties.
image_from_pom() {
  command -v python3 >/dev/null || die "python3 is needed to read the image name from pom.xml"
  python3 - "$PROJECT/pom.xml" <<'EOF'
import os, re, sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(sys.argv[1]).getroot()
values = {"project.version": root.find("m:version", ns).text.strip()}
for p in root.find("m:properties", ns):
    values[p.tag.split("}", 1)[1]] = (p.text or "").strip()
if os.environ.get("NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY"):
    values["runner.image.repository"] = os.environ["NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY"]
image = values["runner.image"]
for _ in range(5):
    image = re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1), m.group(0)), image)
if "${" in image:
    sys.exit("cannot resolve runner.image in pom.xml: " + image)
print(image)
EOF
}
IMAGE="$(image_from_pom)" || die "cannot read the runner image name from $PROJECT/pom.xml"
if ((PRINT_IMAGE)); then
  echo "$IMAGE"
  exit 0
fi
VERSION="${IMAGE##*:}"

# ------------------------------------------------------------------ podman
command -v podman >/dev/null || die "podman is not installed (Debian: apt-get install podman runc debootstrap)"
command -v runc >/dev/null || die "runc is not installed (Debian: apt-get install runc)"
mkdir -p "$CACHE"
# crun cannot set the default ulimits here (no CAP_SYS_RESOURCE): none, and runc.
CONF="$CACHE/containers.conf"
printf '[containers]\ndefault_ulimits = []\n' >"$CONF.tmp.$$" && mv -f "$CONF.tmp.$$" "$CONF"
pod() { CONTAINERS_CONF="${CONTAINERS_CONF:-$CONF}" podman --runtime runc "$@"; }

exec 9>"$CACHE/lock"
flock 9 || die "cannot lock $CACHE/lock"

# ------------------------------------------------------------------ 1. base image
BASE_TAR="$CACHE/base/debian-$SUITE-minbase.tar"
if [[ ! -f "$BASE_TAR" ]]; then
  command -v debootstrap >/dev/null || die "debootstrap is not installed (Debian: apt-get install debootstrap)"
  ((EUID == 0)) || die "debootstrap needs root to make the base image"
  t0=$(date +%s)
  mkdir -p "$CACHE/base"
  ROOTFS="$(mktemp -d "$CACHE/base/.rootfs.XXXXXX")"
  trap 'rm -rf "$ROOTFS" "$BASE_TAR.tmp"' EXIT
  log "debootstrap --variant=minbase $SUITE from $MIRROR (about a minute)"
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$CACHE/base/debootstrap.log" 2>&1 \
    || die "debootstrap failed: see $CACHE/base/debootstrap.log"
  # What no container needs: package lists and downloads (apt-get update brings them back),
  # documentation and translations.
  rm -rf "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* \
    "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/log/*
  tar -C "$ROOTFS" --numeric-owner --sort=name -cf "$BASE_TAR.tmp" . || die "cannot archive the base file system"
  mv -f "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$ROOTFS"
  trap - EXIT
  log "base file system: $(du -h "$BASE_TAR" | cut -f1) in $(($(date +%s) - t0))s"
fi
BASE_SUM="$(sha256sum "$BASE_TAR" | cut -c1-12)"
BASE_IMAGE="localhost/neo4j-restore-base:$SUITE-minbase-$BASE_SUM"
if ! pod image exists "$BASE_IMAGE"; then
  t0=$(date +%s)
  pod import --change 'CMD ["/bin/bash"]' "$BASE_TAR" "$BASE_IMAGE" >/dev/null \
    || die "podman import of $BASE_TAR failed"
  log "imported $BASE_IMAGE in $(($(date +%s) - t0))s"
fi
BASE_ID="$(pod image inspect --format '{{.Id}}' "$BASE_IMAGE")"
if ((BASE_ONLY)); then
  log "base image $BASE_IMAGE ($(pod image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
  echo "$BASE_IMAGE"
  exit 0
fi

# ------------------------------------------------------------------ the runner jar and lib/
if ((SKIP_BUILD == 0)); then
  command -v mvn >/dev/null || die "Maven is not on PATH"
  repo_arg=()
  [[ -z "${NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY:-}" ]] \
    || repo_arg=("-Drunner.image.repository=$NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY")
  log "building: mvn -q -B package -DskipTests -pl runner -am ${repo_arg[*]} ${NEO4J_RESTORE_MVN_ARGS:-}"
  # shellcheck disable=SC2086 # NEO4J_RESTORE_MVN_ARGS is a list of arguments
  (cd "$PROJECT" && mvn -q -B package -DskipTests -pl runner -am "${repo_arg[@]}" ${NEO4J_RESTORE_MVN_ARGS:-}) >&2 \
    || die "the Maven build failed"
fi
JAR="$TARGET/neo4j-restore-runner.jar"
PROPS="$TARGET/classes/io/neo4jrestore/runner/build.properties"
for f in "$JAR" "$TARGET/lib" "$PROPS"; do
  [[ -e "$f" ]] || die "$f is missing: build the runner first (mvn package -pl runner -am) or drop --skip-build"
done
BUILT_IMAGE="$(sed -n 's/^runnerImage=//p' "$PROPS")"
[[ "$BUILT_IMAGE" == "$IMAGE" ]] \
  || die "runner/target was built for image $BUILT_IMAGE but this build is for $IMAGE: rebuild the runner (-Drunner.image.repository=${IMAGE%:*})"

# ------------------------------------------------------------------ 2. the Java runtime
find_jdk() {
  local c candidates=()
  [[ -n "${NEO4J_RESTORE_JLINK_JDK:-}" ]] && candidates+=("$NEO4J_RESTORE_JLINK_JDK")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  candidates+=(/usr/lib/jvm/java-17-openjdk-*)
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/jlink" && -f "$c/jmods/java.base.jmod" ]] \
      && grep -q '^JAVA_VERSION="17' "$c/release" 2>/dev/null && {
      echo "$c"
      return
    }
  done
  die "no JDK 17 with jlink and jmods found (Debian: apt-get install openjdk-17-jdk-headless; or set NEO4J_RESTORE_JLINK_JDK)"
}
JDK="$(find_jdk)"
JAR_SUMS="$(cd "$TARGET" && sha256sum neo4j-restore-runner.jar lib/*.jar)"
# jdeps sees static references; what it cannot see (looked up at run time) is added:
#   jdk.crypto.ec    ECDHE and ECDSA in TLS (API servers, Bolt with TLS)
#   jdk.unsupported  sun.misc.Unsafe (Gson, protobuf, okio, netty)
MODULES_FILE="$CACHE/modules/$(sha256sum <<<"$JDK $JAR_SUMS" | cut -c1-16)"
if [[ ! -s "$MODULES_FILE" ]]; then
  mkdir -p "$CACHE/modules"
  found="$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
    --module-path "$TARGET/lib" "$JAR" "$TARGET"/lib/*.jar 2>/dev/null | grep -v '^Warning' | tail -1)"
  [[ "$found" =~ ^[a-z][a-z0-9.,]*$ ]] || die "unexpected jdeps output: $found"
  tr ',' '\n' <<<"$found,jdk.crypto.ec,jdk.unsupported" | sort -u | paste -sd, - >"$MODULES_FILE"
fi
MODULES="$(cat "$MODULES_FILE")"
JDK_RELEASE="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JDK/release")"
RUNTIME="$CACHE/runtime/$(sha256sum <<<"$JDK $JDK_RELEASE $MODULES" | cut -c1-16)"
if [[ ! -x "$RUNTIME/bin/java" ]]; then
  t0=$(date +%s)
  mkdir -p "$CACHE/runtime"
  rm -rf "$RUNTIME.tmp"
  # No --compress: the registry compresses layers, and classes need no inflating at start-up.
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug \
    --no-man-pages --no-header-files --generate-cds-archive --output "$RUNTIME.tmp" >&2 \
    || die "jlink failed"
  # the CDS archive for heaps over 32 GB: the runner's limit is 768Mi
  rm -f "$RUNTIME.tmp/lib/server/classes_nocoops.jsa"
  mv "$RUNTIME.tmp" "$RUNTIME"
  log "runtime ($MODULES) from $JDK_RELEASE: $(du -sh "$RUNTIME" | cut -f1) in $(($(date +%s) - t0))s"
fi

# ------------------------------------------------------------------ 3. build context and image
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT/app/lib"
cp -a "$RUNTIME" "$CONTEXT/runtime"
cp "$JAR" "$CONTEXT/app/"
cp "$TARGET"/lib/*.jar "$CONTEXT/app/lib/"
cp "$RUNNER/Containerfile" "$CONTEXT/Containerfile"
if ((CONTEXT_ONLY)); then
  log "build context ready: $CONTEXT (docker build -f $CONTEXT/Containerfile --build-arg BASE_IMAGE=debian:bookworm-slim -t $IMAGE $CONTEXT)"
  echo "$CONTEXT"
  exit 0
fi

KEY="$(sha256sum <<<"$(sha256sum "$RUNNER/Containerfile" | cut -d' ' -f1) $BASE_ID $RUNTIME $JAR_SUMS" | cut -c1-32)"
current="$(pod image inspect --format '{{index .Labels "io.neo4jrestore.content-key"}}' "$IMAGE" 2>/dev/null || true)"
if [[ "$current" == "$KEY" ]]; then
  log "$IMAGE is up to date (content $KEY)"
else
  t0=$(date +%s)
  previous="$(pod image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  log "building $IMAGE on $BASE_IMAGE"
  pod build --network host --pull=never --layers \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "org.opencontainers.image.version=$VERSION" \
    --label "io.neo4jrestore.content-key=$KEY" \
    -t "$IMAGE" -f "$CONTEXT/Containerfile" "$CONTEXT" >&2 || die "podman build failed (above)"
  log "built $IMAGE in $(($(date +%s) - t0))s"
  # the image this one replaced, now untagged: removed unless something still uses it
  if [[ -n "$previous" && "$(pod image inspect --format '{{len .RepoTags}}' "$previous" 2>/dev/null)" == 0 ]]; then
    pod image rm "$previous" >/dev/null 2>&1 || true
  fi
fi
# the image works: its entrypoint runs the runner as the non-root user with a read-only root
got="$(pod run --rm --network none --read-only --tmpfs /tmp "$IMAGE" --version 2>&1)" \
  || die "the image does not run: $got"
[[ "$got" == "neo4j-restore-runner $VERSION" ]] || die "the image prints \"$got\" for --version, expected neo4j-restore-runner $VERSION"

DIGEST="$(pod image inspect --format '{{.Digest}}' "$IMAGE")"
ID="$(pod image inspect --format '{{.Id}}' "$IMAGE")"
SIZE="$(pod image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}')"
log "$IMAGE $DIGEST ($SIZE) ready in $(($(date +%s) - T_START))s"
echo "$IMAGE $DIGEST $ID"
