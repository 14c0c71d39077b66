#!/usr/bin/env bash
# The release workflow's steps that can run on this machine, on a copy of the checkout built the
# way the release builds it (.github/workflows/release.yml; docs/packaging.md says what cannot run
# here: the GraalVM native binaries, the multi-arch image build and its push, the GitHub release):
#
#   1. plugin and runner built with the release's image repository (-Drunner.image.repository):
#      `version --client` names that image as a release build; `install` puts it into the
#      dispatcher and the admission policy, and `install --runner-image MIRROR` (the air-gapped
#      path) puts the mirror's name into both instead, with nothing of the default left;
#   2. the runner image built under that name (scripts/build-runner-image.sh: podman, the
#      Containerfile the release builds with docker), run with --version; then the air-gapped
#      transfer: `podman save`, load, tag as the mirror's name, run;
#   3. the JVM archive (scripts/package-plugin.sh), stand-ins for the five native archives, the
#      krew manifest rendered with their sha256 (scripts/render-krew.sh) and checked as the release
#      workflow checks it (scripts/check-krew.sh --validate-release --archives: krew's validator
#      installs every platform; this platform's archive is installed and must name the release
#      image).
#
# Usage: scripts/release-local.sh [PROJECT_DIR]
# Environment:
#   NEO4J_RESTORE_RELEASE_REPOSITORY  the image repository (default
#                                     registry.example.com/neo4j-restore/neo4j-restore-runner)
#   NEO4J_RESTORE_MVN_ARGS            extra Maven arguments (e.g. -o)
#   NEO4J_RESTORE_RELEASE_NO_IMAGE=1  skip step 2 (no podman); refused when CI=true
# Needs what scripts/test.sh installs (podman, runc, the cached base image, krew's Go build,
# PyYAML), openssl and kubectl. stdout: a summary; progress on stderr.
set -euo pipefail

log() { echo "[release-local] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

PROJECT="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
REPO="${NEO4J_RESTORE_RELEASE_REPOSITORY:-registry.example.com/neo4j-restore/neo4j-restore-runner}"
MIRROR_REPO="mirror.internal:5000/neo4j/neo4j-restore-runner"
T_START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/release-local.XXXXXX")"
IMAGES=()
cleanup() {
  for i in "${IMAGES[@]}"; do
    CONTAINERS_CONF="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/runner-image/containers.conf" \
      podman --runtime runc image rm "$i" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
SUMMARY=()

# ------------------------------------------------------------------ the copy, built as released
SRC="$WORK/src"
mkdir -p "$SRC"
(cd "$PROJECT" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
  [[ -e "$f" ]] && printf '%s\0' "$f"
done | tar --null -T - -cf -) | tar -C "$SRC" -xf -
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$SRC/pom.xml" | head -1)"
[[ -n "$VERSION" ]] || die "cannot read the project version from pom.xml"
IMAGE="$REPO:$VERSION"
MIRROR="$MIRROR_REPO:$VERSION"
log "building plugin and runner $VERSION for $IMAGE in $SRC"
t0=$(date +%s)
# shellcheck disable=SC2086 # NEO4J_RESTORE_MVN_ARGS is a list of arguments
(cd "$SRC" && mvn -q -B package -DskipTests -Dspotless.check.skip=true -pl plugin,runner -am \
  "-Drunner.image.repository=$REPO" ${NEO4J_RESTORE_MVN_ARGS:-}) >&2 || die "the Maven build failed"
log "built in $(($(date +%s) - t0))s"
PLUGIN="$SRC/plugin/target/kubectl-neo4j_restore"

# ------------------------------------------------------------------ 1. the default image, the flag
out="$("$PLUGIN" version --client)" || die "version --client failed: $out"
grep -qF "Runner image:   $IMAGE (release build" <<<"$out" || die "version --client does not name $IMAGE as a release build: $out"
images() { # the image references in `install ... --dry-run=client -o yaml` output on stdin
  python3 -c '
import re, sys, yaml
text = sys.stdin.read()
found = set()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "image" and isinstance(x, str): found.add(x)
            walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
for d in yaml.safe_load_all(text): walk(d)
found |= set(re.findall(r"run only the runner image ([^\"\s]+)", text))
print(" ".join(sorted(found)))'
}
got="$("$PLUGIN" install --dry-run=client -o yaml -n ops --managed-namespace prod | images)"
[[ "$got" == "$IMAGE" ]] || die "install puts \"$got\" into the dispatcher and the policy, expected $IMAGE"
got="$("$PLUGIN" install --dry-run=client -o yaml -n ops --managed-namespace prod --runner-image "$MIRROR" | images)"
[[ "$got" == "$MIRROR" ]] || die "install --runner-image $MIRROR puts \"$got\" into the dispatcher and the policy"
SUMMARY+=("release build: version --client names $IMAGE (release build); install uses it; install --runner-image $MIRROR uses only the mirror (dispatcher and admission policy)")

# ------------------------------------------------------------------ 2. the runner image, mirrored
if [[ "${NEO4J_RESTORE_RELEASE_NO_IMAGE:-0}" == 1 ]]; then
  [[ "${CI:-}" != true ]] || die "NEO4J_RESTORE_RELEASE_NO_IMAGE=1 is not allowed in CI"
  SUMMARY+=("runner image: SKIPPED (NEO4J_RESTORE_RELEASE_NO_IMAGE=1)")
else
  line="$(NEO4J_RESTORE_RUNNER_IMAGE_REPOSITORY="$REPO" bash "$SRC/scripts/build-runner-image.sh" --skip-build | tail -1)" \
    || die "scripts/build-runner-image.sh failed (above)"
  IMAGES+=("$IMAGE")
  [[ "$line" == "$IMAGE "* ]] || die "build-runner-image.sh built \"$line\", expected $IMAGE"
  pod() { CONTAINERS_CONF="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/runner-image/containers.conf" podman --runtime runc "$@"; }
  # air-gapped: save on a connected machine, carry the file over, load, tag as the mirror's name
  pod save -o "$WORK/runner.tar" "$IMAGE" >/dev/null || die "podman save failed"
  pod image rm "$IMAGE" >/dev/null || die "podman image rm failed"
  pod load -i "$WORK/runner.tar" >/dev/null || die "podman load failed"
  pod tag "$IMAGE" "$MIRROR" || die "podman tag failed"
  IMAGES+=("$MIRROR")
  ran="$(pod run --rm --network none --read-only --tmpfs /tmp "$MIRROR" --version 2>&1)" || die "$MIRROR does not run: $ran"
  [[ "$ran" == "neo4j-restore-runner $VERSION" ]] || die "$MIRROR --version printed \"$ran\""
  SUMMARY+=("runner image: built as $IMAGE (${line#* }), saved, loaded and tagged $MIRROR: --version ok")
fi

# ------------------------------------------------------------------ 3. JVM archive and krew manifest
archive_line="$(NEO4J_RESTORE_MVN_ARGS="${NEO4J_RESTORE_MVN_ARGS:-}" bash "$SRC/scripts/package-plugin.sh" --skip-build "$SRC" | tail -1)" \
  || die "scripts/package-plugin.sh failed (above)"
ARCHIVE="${archive_line#*  }"
DIST="$WORK/dist"
mkdir -p "$DIST"
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) HOST=linux-amd64 ;;
  Linux/aarch64) HOST=linux-arm64 ;;
  *) die "runs on linux/amd64 or linux/arm64" ;;
esac
cp "$ARCHIVE" "$DIST/kubectl-neo4j_restore-$VERSION-$HOST.tar.gz"
# the native archives (GraalVM, release workflow only): stand-ins with their layout
for p in linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64; do
  [[ "$p" != "$HOST" ]] || continue
  d="$WORK/stand-in/$p"
  mkdir -p "$d"
  exe=kubectl-neo4j_restore
  [[ "$p" == windows-* ]] && exe=kubectl-neo4j_restore.exe
  printf '#!/bin/sh\necho "stand-in for the %s native binary"\n' "$p" >"$d/$exe"
  chmod 755 "$d/$exe"
  cp "$SRC/LICENSE" "$SRC/README.md" "$d/"
  if [[ "$p" == windows-* ]]; then
    (cd "$d" && python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
for f in sys.argv[2:]: z.write(f)
z.close()' "$DIST/kubectl-neo4j_restore-$VERSION-$p.zip" "$exe" LICENSE README.md)
  else
    tar -C "$d" --owner=0 --group=0 -czf "$DIST/kubectl-neo4j_restore-$VERSION-$p.tar.gz" "$exe" LICENSE README.md
  fi
done
manifest="$(bash "$SRC/scripts/render-krew.sh" --version "$VERSION" \
  --download-base "https://github.com/OWNER/REPO/releases/download/v$VERSION" \
  --homepage "https://github.com/OWNER/REPO" --archives "$DIST" "$SRC")" || die "render-krew.sh failed"
NEO4J_RESTORE_REQUIRE_KREW=1 NEO4J_RESTORE_EXPECT_RUNNER_IMAGE="$IMAGE" \
  bash "$SRC/scripts/check-krew.sh" --validate-release "$manifest" --archives "$DIST" "$SRC" >&2 \
  || die "the release manifest fails the release workflow's check (above)"
SUMMARY+=("krew: manifest rendered with the sha256 of the JVM archive and 5 stand-ins; validate-krew-manifest installed 6/6 platforms; the installed $HOST plugin names $IMAGE")

echo "release-local: PASSED in $(($(date +%s) - T_START))s"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
