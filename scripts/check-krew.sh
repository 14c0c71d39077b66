#!/usr/bin/env bash
# Checks the krew manifest template krew/neo4j-restore.yaml against krew's rules and proves that
# the linux archive built by scripts/package-plugin.sh installs and runs the way krew installs it.
#
# Usage:
#   scripts/check-krew.sh [--archive FILE] [--no-krew] [PROJECT_DIR]
#   scripts/check-krew.sh --validate-release MANIFEST [--archives DIR] [PROJECT_DIR]
#
#   PROJECT_DIR   the project checkout (default: the one this script lives in)
#   --archive     the archive to check (default: the newest
#                 plugin/target/dist/kubectl-neo4j_restore-*-<os>-<arch>.tar.gz)
#   --no-krew     do not build krew: the rules below and an emulated install only
#   --validate-release  check a manifest rendered for a release (https URIs, real sha256 values;
#                 scripts/render-krew.sh) with the rules below and krew's validator; with
#                 --archives DIR (the six archives it names) also as in step 3: the archives are
#                 served on 127.0.0.1 and validate-krew-manifest installs every platform with
#                 krew, checking each sha256; then this machine's platform is installed with
#                 `kubectl krew install --archive` and run. Used by the release workflow.
#
# What the full check does (exit 0 only if all of it passes):
#  1. krew's rules, as written in krew's code (internal/index/validation, cmd/validate-krew-manifest)
#     and the krew-index guidelines, applied by this script to the template: apiVersion/kind, name
#     = file name, one-line shortDescription, description, homepage, caveats, the six
#     linux/darwin/windows x amd64/arm64 platforms with os/arch-only selectors that match a
#     supported platform and do not overlap, bin kubectl-neo4j_restore (.exe on Windows), files
#     from/to, uri/sha256 placeholders named after the platform.
#  2. Builds krew and validate-krew-manifest (sigs.k8s.io/krew, $NEO4J_RESTORE_KREW_VERSION,
#     default below) from the Go module proxy into
#       ${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/krew/<version>/bin   (once; then cached)
#  3. Renders the template as the release does (scripts/render-krew.sh, https URIs) with the real
#     archive for this platform and, for the five platforms whose (GraalVM native) archives only
#     the release workflow builds, small stand-in archives with the same layout, and checks it as
#     the release workflow does (--validate-release --archives): the rules, validate-krew-manifest
#     -skip-install, then the archives served on 127.0.0.1 and validate-krew-manifest running
#     `kubectl krew install` for every platform (KREW_OS/KREW_ARCH), checking sha256 and LICENSE.
#  4. Renders it with file:// URIs and runs real `kubectl krew install --manifest=... --archive=...`
#     into a temporary KREW_ROOT, then `kubectl neo4j-restore --help` and `kubectl neo4j_restore
#     version --client` with a clean environment (env -i, JAVA_HOME unset, a `java` first on PATH that fails
#     if run) and checks the bundled runtime ran; `kubectl plugin list`, `krew list`, `krew uninstall`.
# Without krew (--no-krew, or if it cannot be built: the reason is printed) steps 3-4 use the
# rules of step 1 and an emulated install (extract, link bin into a bin dir, run as in 4); set
# NEO4J_RESTORE_REQUIRE_KREW=1 to fail instead.
#
# Needs: bash, tar, sha256sum, python3 with PyYAML (Debian: python3-yaml), kubectl, git; Go 1.20+
# with the module proxy for krew. Uses only 127.0.0.1. stdout: a summary; progress on stderr.
set -euo pipefail

KREW_VERSION="${NEO4J_RESTORE_KREW_VERSION:-v0.4.4}" # v0.4.5 is not served by the module proxy here (403)

log() { echo "[check-krew] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

ARCHIVE=""
USE_KREW=1
RELEASE_MANIFEST=""
RELEASE_ARCHIVES=""
PROJECT=""
while (($#)); do
  case "$1" in
    --archive) ARCHIVE="${2:?--archive needs a file}"; shift ;;
    --no-krew) USE_KREW=0 ;;
    --validate-release) RELEASE_MANIFEST="${2:?--validate-release needs a manifest}"; shift ;;
    --archives) RELEASE_ARCHIVES="${2:?--archives needs a directory}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$PROJECT" ]] || die "one project directory only"; PROJECT="$1" ;;
  esac
  shift
done
PROJECT="$(cd "${PROJECT:-$(dirname "$0")/..}" && pwd)"
TEMPLATE="$PROJECT/krew/neo4j-restore.yaml"
[[ -f "$TEMPLATE" ]] || die "$TEMPLATE is missing"
PLUGIN=neo4j-restore
BIN=kubectl-neo4j_restore
T_START=$(now_ms)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-krew.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v python3 >/dev/null || die "python3 is required"
python3 -c 'import yaml' 2>/dev/null || die "python3 cannot import yaml (Debian: apt-get install python3-yaml)"

# ------------------------------------------------------------------ krew's rules, in Python
cat >"$WORK/rules.py" <<'PY'
"""krew's manifest rules (sigs.k8s.io/krew internal/index/validation + cmd/validate-krew-manifest,
krew-index guidelines), plus this project's conventions. Usage: rules.py MODE FILE
MODE: template (placeholders expected), local (file:// or http://127.0.0.1 URIs), release (https)."""
import os, re, sys, yaml

mode, path = sys.argv[1], sys.argv[2]
errors, warnings = [], []
err = errors.append

SUPPORTED = [("windows", "386"), ("windows", "amd64"), ("windows", "arm64"), ("linux", "386"),
             ("linux", "amd64"), ("linux", "arm"), ("linux", "arm64"), ("linux", "ppc64le"),
             ("darwin", "386"), ("darwin", "amd64"), ("darwin", "arm64")]
REQUIRED = [(o, a) for o in ("linux", "darwin", "windows") for a in ("amd64", "arm64")]
WINDOWS_FORBIDDEN = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
SEMVER = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")
SHA = re.compile(r"^[a-f0-9]{64}$")

text = open(path).read()
try:
    m = yaml.safe_load(text)
except yaml.YAMLError as e:
    print(f"{path}: not YAML: {e}"); sys.exit(1)
if not isinstance(m, dict):
    print(f"{path}: not a mapping"); sys.exit(1)
if mode != "template" and "{{" in text:
    err("placeholders left: " + ", ".join(sorted(set(re.findall(r"\{\{\w+\}\}", text)))))

if m.get("apiVersion") != "krew.googlecontainertools.github.com/v1alpha2":
    err(f"apiVersion is {m.get('apiVersion')!r}, krew supports krew.googlecontainertools.github.com/v1alpha2")
if m.get("kind") != "Plugin":
    err(f"kind is {m.get('kind')!r}, must be Plugin")
name = (m.get("metadata") or {}).get("name")
base, ext = os.path.splitext(os.path.basename(path))
if ext != ".yaml":
    err(f"manifest file extension is {ext!r}, krew wants .yaml")
if not isinstance(name, str) or not re.fullmatch(r"[\w-]+", name) or name.upper() in WINDOWS_FORBIDDEN:
    err(f"metadata.name {name!r} is not a safe plugin name (^[\\w-]+$, no Windows device names)")
elif name != base:
    err(f"metadata.name {name!r} differs from the file name {base!r}")
spec = m.get("spec") or {}
sd = spec.get("shortDescription")
if not sd or not isinstance(sd, str):
    err("spec.shortDescription is missing")
elif "\n" in sd or "\r" in sd:
    err("spec.shortDescription has a line break")
elif len(sd) > 50:
    warnings.append(f"spec.shortDescription has {len(sd)} characters (krew-index asks for a short one)")
for field in ("description", "homepage", "caveats"):
    if not spec.get(field) or not isinstance(spec.get(field), str):
        err(f"spec.{field} is missing")
version = spec.get("version")
if mode == "template":
    if version != "v{{VERSION}}":
        err(f"spec.version is {version!r}, the template uses v{{{{VERSION}}}}")
elif not isinstance(version, str) or not SEMVER.match(version):
    err(f"spec.version {version!r} is not 'v' + a semantic version")
homepage = spec.get("homepage")
if mode == "release" and isinstance(homepage, str) and not homepage.startswith("https://"):
    err(f"spec.homepage {homepage!r} is not https")

def matches(sel, os_, arch):
    labels = {"os": os_, "arch": arch}
    for k, v in (sel.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in sel.get("matchExpressions") or []:
        op, vals, have = e.get("operator"), e.get("values") or [], labels.get(e.get("key"))
        if op == "In" and have not in vals: return False
        if op == "NotIn" and have in vals: return False
        if op == "Exists" and have is None: return False
        if op == "DoesNotExist" and have is not None: return False
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            err(f"selector operator {op!r} is not a label selector operator"); return False
    return True

platforms = spec.get("platforms")
if not isinstance(platforms, list) or not platforms:
    err("spec.platforms is missing or empty")
    platforms = []
for i, p in enumerate(platforms):
    where = f"spec.platforms[{i}]"
    if not isinstance(p, dict):
        err(f"{where} is not a mapping"); continue
    sel = p.get("selector")
    if not isinstance(sel, dict):
        err(f"{where}: nil selector is not supported"); continue
    ml, me = sel.get("matchLabels"), sel.get("matchExpressions")
    if ml is None and not me:
        err(f"{where}: empty selector is not supported")
    if ml is not None and len(ml) == 0:
        err(f"{where}: matchLabels specified but empty")
    if me is not None and len(me) == 0:
        err(f"{where}: matchExpressions specified but empty")
    keys = list((ml or {}).keys()) + [e.get("key") for e in (me or [])]
    for k in keys:
        if k not in ("os", "arch"):
            err(f"{where}: selector key {k!r} not supported (os, arch only)")
    hits = [pa for pa in SUPPORTED if matches(sel, *pa)]
    if not hits:
        err(f"{where}: selector {sel} matches no platform krew supports")
        continue
    os_, arch = hits[0]
    exp = f"{os_}-{arch}"
    if len(hits) > 1:
        warnings.append(f"{where}: selector matches {len(hits)} platforms {hits}; this project ships one archive per os/arch")
    uri, sha, bin_ = p.get("uri"), p.get("sha256"), p.get("bin")
    if not uri:
        err(f"{where}: uri has to be set")
    if not sha:
        err(f"{where}: sha256 has to be set")
    if not bin_:
        err(f"{where}: bin has to be set")
    want_bin = "kubectl-neo4j_restore" + (".exe" if os_ == "windows" else "")
    if bin_ and bin_ != want_bin:
        err(f"{where} ({exp}): bin is {bin_!r}, expected {want_bin!r}")
    files = p.get("files")
    if files is not None:
        if not isinstance(files, list) or not files:
            err(f"{where}: files has to be unspecified or non-empty")
        else:
            for f in files:
                if not isinstance(f, dict) or not f.get("from"):
                    err(f"{where}: files: `from` field has to be set")
                elif not f.get("to"):
                    err(f"{where}: files: `to` field has to be set")
                elif os.path.normpath(f["to"]) != f["to"]:
                    err(f"{where}: files: `to` {f['to']!r} is not a clean path")
                elif f["to"].startswith("/") or ".." in f["to"].split("/") or ".." in f["from"].split("/"):
                    err(f"{where}: files: {f} leaves the plugin directory")
    archive = f"kubectl-neo4j_restore-{{{{VERSION}}}}-{exp}." + ("zip" if os_ == "windows" else "tar.gz")
    if mode == "template":
        if uri != "{{DOWNLOAD_BASE}}/" + archive:
            err(f"{where} ({exp}): uri is {uri!r}, expected {{{{DOWNLOAD_BASE}}}}/{archive}")
        want_sha = "{{SHA256_" + exp.upper().replace("-", "_") + "}}"
        if sha != want_sha:
            err(f"{where} ({exp}): sha256 is {sha!r}, expected the placeholder {want_sha}")
    else:
        if sha and not SHA.match(str(sha)):
            err(f"{where} ({exp}): sha256 {sha!r} is not 64 lowercase hex digits")
        if uri:
            ok = (uri.startswith("https://") if mode == "release"
                  else uri.startswith("file://") or uri.startswith("http://127.0.0.1:") or uri.startswith("https://"))
            if not ok:
                err(f"{where} ({exp}): uri {uri!r} must be https://" + ("" if mode == "release" else ", file:// or http://127.0.0.1"))
            if not uri.endswith(archive.replace("{{VERSION}}", str(version)[1:])):
                err(f"{where} ({exp}): uri {uri!r} does not end with the {exp} archive name")
for pa in SUPPORTED:
    idx = [i for i, p in enumerate(platforms) if isinstance(p, dict) and isinstance(p.get("selector"), dict) and matches(p["selector"], *pa)]
    if len(idx) > 1:
        err(f"platforms {idx} have overlapping selectors that select {pa[0]}/{pa[1]}")
    if pa in REQUIRED and not idx:
        err(f"no platform for {pa[0]}/{pa[1]} (this project ships linux, darwin, windows x amd64, arm64)")

for w in warnings:
    print(f"{path}: warning: {w}")
for e in errors:
    print(f"{path}: {e}")
print(f"{path}: {len(errors)} rule violation(s), {len(platforms)} platforms, mode {mode}")
sys.exit(1 if errors else 0)
PY
rules() { # rules MODE FILE
  python3 "$WORK/rules.py" "$1" "$2" >&2
}

# render OUT DOWNLOAD_BASE: the template rendered by scripts/render-krew.sh (what the release
# workflow runs), the sha256 values those of the archives in $SRV
render() {
  bash "$PROJECT/scripts/render-krew.sh" --version "$VERSION" --download-base "$2" --homepage "$HOMEPAGE" \
    --archives "$SRV" --out "$1" "$PROJECT" >/dev/null || die "scripts/render-krew.sh failed (above)"
}

# ------------------------------------------------------------------ krew from the module proxy
KREW_ERR=""
build_krew() { # prints the bin dir; on failure returns 1 with the reason in $WORK/krew-build.log
  local root="${XDG_CACHE_HOME:-$HOME/.cache}/neo4j-restore/krew"
  local dest="$root/$KREW_VERSION" tmp t0 gomod gov
  if [[ -f "$dest/stamp" && -x "$dest/bin/krew" && -x "$dest/bin/validate-krew-manifest" ]]; then
    log "krew $KREW_VERSION: cached in $dest ($(sed -n 's/^seconds_total=//p' "$dest/stamp")s to build)"
    echo "$dest/bin"
    return 0
  fi
  command -v go >/dev/null || { echo "go is not on PATH" >"$WORK/krew-build.log"; return 1; }
  mkdir -p "$root"
  exec 8>"$root/.lock-$KREW_VERSION"
  flock 8
  if [[ -f "$dest/stamp" && -x "$dest/bin/krew" ]]; then exec 8>&-; echo "$dest/bin"; return 0; fi
  rm -rf "$dest" "$root"/.tmp-"$KREW_VERSION".*
  tmp="$(mktemp -d "$root/.tmp-$KREW_VERSION.XXXXXX")"
  t0=$(now_ms)
  log "building krew $KREW_VERSION with $(go env GOVERSION) from $(go env GOPROXY) (once)"
  (
    set -e
    export GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off GOFLAGS=-buildvcs=false
    mkdir -p "$tmp/work" "$tmp/bin"
    cd "$tmp/work"
    gomod="$(go mod download -json "sigs.k8s.io/krew@$KREW_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
    [[ -f "$gomod" ]] || { echo "sigs.k8s.io/krew@$KREW_VERSION is not served by $(go env GOPROXY)"; exit 1; }
    gov="$(awk '$1 == "go" && NF == 2 { print $2; exit }' "$gomod")"
    printf '// Generated by scripts/check-krew.sh: builds krew %s.\nmodule neo4j-restore.local/krew\n\ngo %s\n' \
      "$KREW_VERSION" "$gov" >go.mod
    go get "sigs.k8s.io/krew/cmd/krew@$KREW_VERSION" "sigs.k8s.io/krew/cmd/validate-krew-manifest@$KREW_VERSION"
    go build -trimpath -ldflags "-s -w -X sigs.k8s.io/krew/internal/version.gitTag=$KREW_VERSION" \
      -o "$tmp/bin/" sigs.k8s.io/krew/cmd/krew sigs.k8s.io/krew/cmd/validate-krew-manifest
  ) >"$WORK/krew-build.log" 2>&1 8>&- || { rm -rf "$tmp"; exec 8>&-; return 1; }
  printf 'complete=true\nkrew=%s\ngo=%s\nbuilt=%s\nseconds_total=%s\n' "$KREW_VERSION" "$(go env GOVERSION)" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$((($(now_ms) - t0) / 1000))" >"$tmp/stamp"
  rm -rf "$tmp/work"
  mv -T "$tmp" "$dest"
  exec 8>&-
  log "krew $KREW_VERSION built in $((($(now_ms) - t0) / 1000))s -> $dest/bin"
  echo "$dest/bin"
}

KREW_BIN=""
if ((USE_KREW)); then
  if KREW_BIN="$(build_krew)"; then
    mkdir -p "$WORK/path"
    ln -s "$KREW_BIN/krew" "$WORK/path/kubectl-krew" # `kubectl krew` finds it on PATH
  else
    KREW_ERR="$(tail -5 "$WORK/krew-build.log")"
    KREW_BIN=""
    [[ "${NEO4J_RESTORE_REQUIRE_KREW:-0}" != 1 ]] || die "krew could not be built: $KREW_ERR"
    log "WARNING: krew could not be built, falling back to this script's rules and an emulated install:"
    log "  $KREW_ERR"
  fi
fi
# ------------------------------------------------------------------ a release manifest
command -v kubectl >/dev/null || die "kubectl is not on PATH"
KUBECTL_DIR="$(dirname "$(command -v kubectl)")"
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) HOST=linux-amd64 ;;
  Linux/aarch64) HOST=linux-arm64 ;;
  *) die "this check runs on linux/amd64 or linux/arm64 (the JVM archive's platforms)" ;;
esac

# validate_release MANIFEST [ARCHIVE_DIR]: krew's rules and validator on a manifest rendered for a
# release; with the archives, each platform installed by krew from them (served on 127.0.0.1)
validate_release() {
  local manifest="$1" archives="${2:-}" port t0
  [[ "$(basename "$manifest")" == "$PLUGIN.yaml" ]] || die "the manifest file must be named $PLUGIN.yaml"
  rules release "$manifest" || die "$manifest breaks krew's rules (above)"
  [[ -n "$KREW_BIN" ]] || return 0
  "$KREW_BIN/validate-krew-manifest" -manifest "$manifest" -skip-install >"$WORK/validate-release.log" 2>&1 \
    || { tail -3 "$WORK/validate-release.log" >&2; die "krew's validate-krew-manifest rejects $manifest"; }
  [[ -n "$archives" ]] || return 0
  cat >"$WORK/serve.py" <<'PY'
import functools, http.server, sys
directory, portfile, logfile = sys.argv[1:4]
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        with open(logfile, "a") as f: f.write((fmt % args) + "\n")
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(H, directory=directory))
with open(portfile + ".tmp", "w") as f: f.write(str(s.server_address[1]))
import os; os.rename(portfile + ".tmp", portfile)
s.serve_forever()
PY
  rm -f "$WORK/port"
  python3 "$WORK/serve.py" "$archives" "$WORK/port" "$WORK/http.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do [[ -f "$WORK/port" ]] && break; sleep 0.05; done
  [[ -f "$WORK/port" ]] || die "the local HTTP server did not start"
  port="$(cat "$WORK/port")"
  # the same manifest (versions, sha256 values, archive names), downloaded from 127.0.0.1
  mkdir -p "$WORK/served"
  python3 - "$manifest" "$WORK/served/$PLUGIN.yaml" "http://127.0.0.1:$port" <<'PY'
import re, sys
src, out, base = sys.argv[1:4]
s = open(src).read()
s = re.sub(r'(\buri:\s*"?)[^"\s]*/([^/"\s]+)', lambda m: m.group(1) + base + "/" + m.group(2), s)
open(out, "w").write(s)
PY
  rules local "$WORK/served/$PLUGIN.yaml" || die "the served copy of $manifest breaks krew's rules (above)"
  t0=$(now_ms)
  if ! (cd "$WORK" && PATH="$WORK/path:$KUBECTL_DIR:$PATH" TMPDIR="$WORK" \
    "$KREW_BIN/validate-krew-manifest" -manifest "$WORK/served/$PLUGIN.yaml" >"$WORK/validate.log" 2>&1); then
    grep -v '^[[:space:]]' "$WORK/validate.log" | tail -5 >&2
    die "krew's validate-krew-manifest rejects $manifest with its archives (above)"
  fi
  grep -q "all 6 spec.platforms installed fine" "$WORK/validate.log" || die "validate-krew-manifest did not install all 6 platforms"
  log "validate-krew-manifest: structure OK, selectors OK, 6/6 platforms installed by krew from $archives (served on 127.0.0.1), sha256 and LICENSE checked ($(($(now_ms) - t0)) ms)"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

if [[ -n "$RELEASE_MANIFEST" ]]; then
  validate_release "$RELEASE_MANIFEST" "$RELEASE_ARCHIVES"
  if [[ -n "$RELEASE_ARCHIVES" && -n "$KREW_BIN" ]]; then
    # this machine's archive, installed by real krew and run with nothing from the environment
    VERSION="$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["spec"]["version"][1:])' "$RELEASE_MANIFEST")"
    host_archive="$RELEASE_ARCHIVES/kubectl-neo4j_restore-$VERSION-$HOST.tar.gz"
    root="$WORK/release-krew-root"
    mkdir -p "$WORK/home"
    env -i "PATH=$WORK/path:$KUBECTL_DIR:/usr/bin:/bin" "HOME=$WORK/home" "KREW_ROOT=$root" \
      kubectl krew install --manifest="$RELEASE_MANIFEST" --archive="$host_archive" >"$WORK/install.log" 2>&1 \
      || { tail -5 "$WORK/install.log" >&2; die "kubectl krew install --archive $host_archive failed (above)"; }
    out="$(env -i "PATH=$root/bin:$KUBECTL_DIR:/usr/bin:/bin" "HOME=$WORK/home" kubectl neo4j-restore version --client 2>&1)" \
      || die "the installed $HOST plugin does not run: $out"
    log "installed $HOST from $host_archive with krew: $(tr '\n' ' ' <<<"$out")"
    if [[ -n "${NEO4J_RESTORE_EXPECT_RUNNER_IMAGE:-}" ]]; then
      grep -q "^Runner image: *$NEO4J_RESTORE_EXPECT_RUNNER_IMAGE (release build" <<<"$out" \
        || die "the released plugin's default runner image is not $NEO4J_RESTORE_EXPECT_RUNNER_IMAGE (a release build): $out"
    fi
  fi
  echo "release manifest $RELEASE_MANIFEST: valid (rules${KREW_BIN:+, krew $KREW_VERSION validate-krew-manifest}${RELEASE_ARCHIVES:+, every platform installed from $RELEASE_ARCHIVES})"
  exit 0
fi

# ------------------------------------------------------------------ 1. the template
rules template "$TEMPLATE" || die "the template breaks krew's rules (above)"

# ------------------------------------------------------------------ the archive
if [[ -z "$ARCHIVE" ]]; then
  ARCHIVE="$(ls -t "$PROJECT"/plugin/target/dist/kubectl-neo4j_restore-*-"$HOST".tar.gz 2>/dev/null | head -1 || true)"
  [[ -n "$ARCHIVE" ]] || die "no plugin/target/dist/kubectl-neo4j_restore-*-$HOST.tar.gz: run scripts/package-plugin.sh first"
fi
[[ -f "$ARCHIVE" ]] || die "$ARCHIVE does not exist"
ARCHIVE="$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")"
ANAME="$(basename "$ARCHIVE")"
[[ "$ANAME" =~ ^kubectl-neo4j_restore-(.+)-$HOST\.tar\.gz$ ]] || die "$ANAME is not named kubectl-neo4j_restore-<version>-$HOST.tar.gz"
VERSION="${BASH_REMATCH[1]}"
SHA="$(sha256sum "$ARCHIVE" | cut -d' ' -f1)"
if [[ -f "$ARCHIVE.sha256" ]]; then
  [[ "$(cut -d' ' -f1 "$ARCHIVE.sha256")" == "$SHA" ]] || die "$ARCHIVE.sha256 does not match the archive"
fi
ENTRIES="$(tar -tvzf "$ARCHIVE")"
if awk '$1 !~ /^[-d]/ { bad = 1 } END { exit !bad }' <<<"$ENTRIES"; then
  die "$ANAME has entries krew cannot extract (links or devices): $(awk '$1 !~ /^[-d]/' <<<"$ENTRIES" | head -3)"
fi
for f in "$BIN" LICENSE README.md; do
  grep -qE "^-[-rwx]{9} .* $f\$" <<<"$ENTRIES" || die "$ANAME has no $f at its root"
done
grep -qE "^-..x.* $BIN\$" <<<"$ENTRIES" || die "$BIN is not executable in $ANAME"
log "archive $ANAME: version $VERSION, sha256 $SHA, $(du -h "$ARCHIVE" | cut -f1)"

# Stand-ins for the platforms the release workflow builds natively (not buildable here): the
# native archive's layout (the binary, LICENSE, README.md), the binary a script saying so.
SRV="$WORK/srv"
mkdir -p "$SRV" "$WORK/stand-in"
cp "$ARCHIVE" "$SRV/"
for p in linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64; do
  [[ "$p" != "$HOST" ]] || continue
  d="$WORK/stand-in/$p"
  mkdir -p "$d"
  exe="$BIN"
  [[ "$p" == windows-* ]] && exe="$BIN.exe"
  printf '#!/bin/sh\necho "stand-in for the %s native binary (built by the release workflow only)"\n' "$p" >"$d/$exe"
  chmod 755 "$d/$exe"
  tar -xzf "$ARCHIVE" -C "$d" LICENSE README.md
  if [[ "$p" == windows-* ]]; then
    out="$SRV/kubectl-neo4j_restore-$VERSION-$p.zip"
    (cd "$d" && python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
for f in sys.argv[2:]: z.write(f)
z.close()' "$out" "$exe" LICENSE README.md)
  else
    out="$SRV/kubectl-neo4j_restore-$VERSION-$p.tar.gz"
    tar -C "$d" --owner=0 --group=0 -czf "$out" "$exe" LICENSE README.md
  fi
done

HOMEPAGE="${NEO4J_RESTORE_HOMEPAGE:-https://example.invalid/neo4j-restore}"
RESULTS=()
KREW_ROOT_DIR="$WORK/krew-root"
TRAP="$WORK/trap"
mkdir -p "$TRAP" "$WORK/home"
printf '#!/bin/sh\necho "check-krew: the java on PATH ran, not the bundled runtime" >&2\nexit 99\n' >"$TRAP/java"
chmod 755 "$TRAP/java"
STORE="$KREW_ROOT_DIR/store/$PLUGIN/v$VERSION"

# run_installed: the installed plugin the way a user runs it, with nothing of this environment
run_installed() { # run_installed ARGS... (stdout: the command's stdout)
  env -i "PATH=$TRAP:$KREW_ROOT_DIR/bin:$KUBECTL_DIR:/usr/bin:/bin" "HOME=$WORK/home" "LANG=C.UTF-8" "$@"
}
check_installed_runs() {
  local out home
  out="$(run_installed kubectl neo4j-restore --help 2>"$WORK/err")" \
    || die "kubectl neo4j-restore --help failed after install: $(head -5 "$WORK/err")"
  grep -q "neo4j-restore" <<<"$out" || die "kubectl neo4j-restore --help printed no usage"
  run_installed kubectl neo4j_restore version --client >"$WORK/version.out" 2>"$WORK/err" \
    || die "kubectl neo4j_restore version --client failed after install: $(head -5 "$WORK/err")"
  # the launcher dumped its AppCDS archive on the first run, and the plugin's classes come from it
  [[ -f "$STORE/cds/neo4j-restore.jsa" ]] || die "the launcher made no AppCDS archive in $STORE/cds"
  run_installed NEO4J_RESTORE_JAVA_OPTS="-Xshare:on -Xlog:class+load=info" kubectl neo4j-restore --help 2>&1 \
    | grep -q "io.neo4jrestore.plugin.KubectlNeo4jRestore source: shared objects file" \
    || die "with -Xshare:on the plugin's main class was not loaded from the AppCDS archive"
  home="$(run_installed NEO4J_RESTORE_JAVA_OPTS=-XshowSettings:properties kubectl neo4j-restore --help 2>&1 >/dev/null \
    | sed -n 's/^ *java\.home = //p')"
  [[ "$home" == "$STORE/runtime" ]] || die "the installed plugin ran java.home=$home, not the bundled $STORE/runtime"
  run_installed kubectl plugin list 2>/dev/null | grep -q "$KREW_ROOT_DIR/bin/$BIN" \
    || die "kubectl plugin list does not show $KREW_ROOT_DIR/bin/$BIN"
  log "installed plugin runs: --help ok, version: $(head -1 "$WORK/version.out"), java.home=$STORE/runtime"
}

if [[ -n "$KREW_BIN" ]]; then
  # ---------------------------------------------------------------- 3. as the release renders and checks it
  mkdir -p "$WORK/release"
  render "$WORK/release/$PLUGIN.yaml" "https://github.com/OWNER/REPO/releases/download/v$VERSION"
  validate_release "$WORK/release/$PLUGIN.yaml" "$SRV"
  RESULTS+=("release manifest (scripts/render-krew.sh, https URIs, sha256 of the archives) checked as the release workflow checks it: rules, validate-krew-manifest -skip-install, then krew $KREW_VERSION validate-krew-manifest installed 6/6 platforms from the archives served on 127.0.0.1 (linux-amd64 = the real archive, 5 stand-ins)")

  # ---------------------------------------------------------------- 4. real krew install --archive
  mkdir -p "$WORK/file"
  render "$WORK/file/$PLUGIN.yaml" "file://$(dirname "$ARCHIVE")"
  rules local "$WORK/file/$PLUGIN.yaml" || die "the file:// manifest breaks krew's rules (above)"
  krew_env=(env -i "PATH=$WORK/path:$KUBECTL_DIR:/usr/bin:/bin" "HOME=$WORK/home" "KREW_ROOT=$KREW_ROOT_DIR")
  t0=$(now_ms)
  "${krew_env[@]}" kubectl krew install --manifest="$WORK/file/$PLUGIN.yaml" --archive="$ARCHIVE" >"$WORK/install.log" 2>&1 \
    || { tail -5 "$WORK/install.log" >&2; die "kubectl krew install --manifest --archive failed (above)"; }
  log "kubectl krew install --manifest=... --archive=$ANAME: $(($(now_ms) - t0)) ms"
  [[ -L "$KREW_ROOT_DIR/bin/$BIN" ]] || die "krew did not link $KREW_ROOT_DIR/bin/$BIN"
  [[ "$(readlink "$KREW_ROOT_DIR/bin/$BIN")" == "$STORE/$BIN" ]] || die "$KREW_ROOT_DIR/bin/$BIN points to $(readlink "$KREW_ROOT_DIR/bin/$BIN")"
  check_installed_runs
  [[ -f "$KREW_ROOT_DIR/receipts/$PLUGIN.yaml" ]] || die "krew wrote no receipt for $PLUGIN"
  # `krew list` and `uninstall` refuse to run before the default index is cloned (network); an
  # empty local index repository is enough for them (the plugin shows as detached/, from a manifest)
  git init -q "$KREW_ROOT_DIR/index/default" && mkdir -p "$KREW_ROOT_DIR/index/default/plugins"
  "${krew_env[@]}" kubectl krew list 2>/dev/null | grep -qE "^(detached/)?$PLUGIN\$" || die "kubectl krew list does not show $PLUGIN"
  "${krew_env[@]}" kubectl krew uninstall "$PLUGIN" >"$WORK/uninstall.log" 2>&1 || die "kubectl krew uninstall failed"
  [[ ! -e "$KREW_ROOT_DIR/bin/$BIN" && ! -e "$STORE" && ! -e "$KREW_ROOT_DIR/receipts/$PLUGIN.yaml" ]] \
    || die "krew uninstall left $BIN, $STORE or the receipt behind"
  RESULTS+=("kubectl krew install --manifest --archive: installed; kubectl neo4j-restore --help and neo4j_restore version ran on the bundled runtime (env -i, no JAVA_HOME, a failing java first on PATH); kubectl plugin list, krew list, krew uninstall OK")

else
  # ---------------------------------------------------------------- without krew: emulated install
  mkdir -p "$WORK/file"
  render "$WORK/file/$PLUGIN.yaml" "file://$(dirname "$ARCHIVE")"
  rules local "$WORK/file/$PLUGIN.yaml" || die "the file:// manifest breaks krew's rules (above)"
  mkdir -p "$WORK/release"
  render "$WORK/release/$PLUGIN.yaml" "https://github.com/OWNER/REPO/releases/download/v$VERSION"
  validate_release "$WORK/release/$PLUGIN.yaml"
  # what krew does: verify sha256, extract (no timestamps kept), move files (from "*" to "."),
  # symlink bin into $KREW_ROOT/bin under the plugin's name with "-" -> "_"
  mkdir -p "$STORE" "$KREW_ROOT_DIR/bin"
  tar -xzf "$ARCHIVE" -C "$STORE" -m --no-same-owner
  ln -s "$STORE/$BIN" "$KREW_ROOT_DIR/bin/$BIN"
  check_installed_runs
  RESULTS+=("krew NOT used (${KREW_ERR:-disabled with --no-krew}); this script's rules: template, file:// and release renders valid; emulated install ran on the bundled runtime")
fi

echo "krew manifest check: PASSED in $((($(now_ms) - T_START) / 1000))s"
echo "  template: $TEMPLATE (krew's rules as coded in this script: OK)"
echo "  archive:  $ARCHIVE (sha256 $SHA)"
for r in "${RESULTS[@]}"; do echo "  $r"; done
