#!/usr/bin/env bash
# Renders the krew manifest template krew/neo4j-restore.yaml for a set of archives: every
# placeholder filled, each platform's sha256 computed from its archive. The release workflow and
# scripts/check-krew.sh render with this one script, so what is checked here is what is published.
#
# Usage: scripts/render-krew.sh --version VERSION --download-base URL --homepage URL
#                               --archives DIR [--out FILE] [PROJECT_DIR]
#   --version        the plugin version without "v" (e.g. 0.1.0)
#   --download-base  where the archives will be downloaded from (the uri of each platform is
#                    <base>/kubectl-neo4j_restore-<version>-<os>-<arch>.tar.gz, .zip on Windows)
#   --homepage       the project page
#   --archives DIR   the six archives (linux, darwin, windows x amd64, arm64); their sha256 go into
#                    the manifest (a missing archive is an error)
#   --out FILE       where to write it (default DIR/neo4j-restore.yaml)
# stdout: the manifest's path. Needs python3.
set -euo pipefail

log() { echo "[render-krew] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

VERSION="" BASE="" HOMEPAGE="" ARCHIVES="" OUT="" PROJECT=""
while (($#)); do
  case "$1" in
    --version) VERSION="${2:?}"; shift ;;
    --download-base) BASE="${2:?}"; shift ;;
    --homepage) HOMEPAGE="${2:?}"; shift ;;
    --archives) ARCHIVES="${2:?}"; shift ;;
    --out) OUT="${2:?}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$PROJECT" ]] || die "one project directory only"; PROJECT="$1" ;;
  esac
  shift
done
[[ -n "$VERSION" && -n "$BASE" && -n "$HOMEPAGE" && -n "$ARCHIVES" ]] \
  || die "--version, --download-base, --homepage and --archives are required (see --help)"
[[ "$VERSION" != v* ]] || die "--version is given without the v ($VERSION)"
PROJECT="$(cd "${PROJECT:-$(dirname "$0")/..}" && pwd)"
TEMPLATE="$PROJECT/krew/neo4j-restore.yaml"
[[ -f "$TEMPLATE" ]] || die "$TEMPLATE is missing"
[[ -d "$ARCHIVES" ]] || die "$ARCHIVES is not a directory"
OUT="${OUT:-$ARCHIVES/neo4j-restore.yaml}"

SHAS="$(mktemp)"
trap 'rm -f "$SHAS"' EXIT
for p in linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64; do
  ext=tar.gz
  [[ $p == windows-* ]] && ext=zip
  f="$ARCHIVES/kubectl-neo4j_restore-$VERSION-$p.$ext"
  [[ -f "$f" ]] || die "missing $f"
  echo "$(tr 'a-z-' 'A-Z_' <<<"$p") $(sha256sum "$f" | cut -d' ' -f1)" >>"$SHAS"
done

python3 - "$TEMPLATE" "$OUT" "${BASE%/}" "$HOMEPAGE" "$VERSION" "$SHAS" <<'PY'
import re, sys
tpl, out, base, home, version, shafile = sys.argv[1:7]
s = "".join(l for l in open(tpl) if not l.lstrip().startswith("#"))
shas = dict(line.split() for line in open(shafile) if line.strip())
s = s.replace("{{DOWNLOAD_BASE}}", base).replace("{{HOMEPAGE}}", home).replace("{{VERSION}}", version)
s = re.sub(r"\{\{SHA256_(\w+)\}\}", lambda m: shas.get(m.group(1), m.group(0)), s)
left = sorted(set(re.findall(r"\{\{\w+\}\}", s)))
if left:
    sys.exit(f"render-krew: no value for {', '.join(left)}")
open(out, "w").write(s)
PY
log "rendered $OUT (version $VERSION, from $BASE, sha256 of the 6 archives in $ARCHIVES)"
echo "$OUT"
