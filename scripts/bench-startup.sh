#!/usr/bin/env bash
# Start-up benchmark of the kubectl plugin, next to kubectl's own, measured in the same run.
#
# Usage: scripts/bench-startup.sh [--runs N] [--warmup N] [--archive FILE] [--variants]
#                                 [--kubeconfig FILE] [--token-kubeconfig FILE] [--local-cluster]
#                                 [PROJECT_DIR]
#   --runs N        timed runs per command (default 15); --warmup N untimed runs first (default 2)
#   --archive FILE  the self-contained archive to measure (default: the newest
#                   plugin/target/dist/kubectl-neo4j_restore-*-<os>-<arch>.tar.gz, made by
#                   scripts/package-plugin.sh); it is extracted with `tar -x` into a temp dir and
#                   linked into a bin dir the way krew links it
#   --variants      also measure the same install with other JVM options / launchers (below)
#   --kubeconfig F  also measure `kubectl get neo4jrestores -A` and `kubectl neo4j-restore get -A`
#                   against that cluster (KUBECONFIG=F; skipped if either fails there)
#   --token-kubeconfig F  the same with a second kubeconfig (a bearer token rather than a client
#                   certificate: no client signature in the TLS handshake), rows marked (token)
#   --local-cluster the same against the local test control plane (a real kube-apiserver and etcd,
#                   started here from testenv, cached binaries; docs/development.md) holding three
#                   restores in two namespaces, as its admin (RSA client certificate) and, for the
#                   (token) rows, as a ServiceAccount allowed to list them; stopped at the end
#
# Runs the commands interleaved: round after round, each command once per round, every other
# round in reverse order. Prints, per command, the median wall time and the median CPU time (user +
# system of the process and its children, from the kernel's accounting), and its ratio to
# `kubectl version --client` (`get` to `kubectl get`): the median over the rounds of the ratio
# within one round, wall and CPU, so a load that changes while it runs weighs on both sides of each
# ratio alike. Every command runs as `kubectl ...` through `env PATH=...`, JAVA_HOME unset, so the
# launcher uses the bundled runtime. The machine's load average is printed too: other work on the
# machine moves every figure, the ratios less. Needs python3.
#
# Variants (--variants): each is a directory with the archive's jar, lib/ and runtime/ and its own
# launcher, linked into its own bin dir:
#   shipped        the archive's launcher, as is
#   no-options     java -jar, no JVM options at all
#   xshare-off     the shipped options with -Xshare:off (shows what the runtime's CDS archive gives)
#   appcds         the shipped options + -XX:SharedArchiveFile= a static AppCDS archive dumped in
#                  place from cds/neo4j-restore.classlist (what the proposed launcher does once)
#   appcds-g1      appcds without -XX:+UseSerialGC
#   appcds-tiered  appcds without -XX:TieredStopAtLevel=1
#   appcds-noperf  appcds + -XX:-UsePerfData
#   appcds-stale   appcds with the jars' times changed after the dump, as krew's extraction does to
#                  an archive built at package time (JDK 17 then drops class sharing altogether)
#   dynamic        the shipped options + a dynamic archive (-XX:ArchiveClassesAtExit on --help)
#   proposed       the launcher proposed in docs/packaging.md (bundled runtime first, AppCDS archive
#                  dumped on first use); its first run, which dumps the archive, is timed separately
set -euo pipefail

log() { echo "[bench-startup] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

RUNS=15
WARMUP=2
ARCHIVE=""
VARIANTS=0
KUBECONFIG_FILE=""
LOCAL_CLUSTER=0
TOKEN_KUBECONFIG=""
PROJECT=""
while (($#)); do
  case "$1" in
    --runs) RUNS="${2:?}"; shift ;;
    --warmup) WARMUP="${2:?}"; shift ;;
    --archive) ARCHIVE="${2:?}"; shift ;;
    --variants) VARIANTS=1 ;;
    --kubeconfig) KUBECONFIG_FILE="${2:?}"; shift ;;
    --local-cluster) LOCAL_CLUSTER=1 ;;
    --token-kubeconfig) TOKEN_KUBECONFIG="${2:?}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$PROJECT" ]] || die "one project directory only"; PROJECT="$1" ;;
  esac
  shift
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[0-9]+$ ]] || die "--runs and --warmup take numbers"
PROJECT="$(cd "${PROJECT:-$(dirname "$0")/..}" && pwd)"
command -v kubectl >/dev/null || die "kubectl is not on PATH"
command -v python3 >/dev/null || die "python3 is needed to run and time the commands"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) HOST=linux-amd64 ;;
  Linux/aarch64) HOST=linux-arm64 ;;
  *) die "the JVM archive is built for linux/amd64 and linux/arm64" ;;
esac
if [[ -z "$ARCHIVE" ]]; then
  ARCHIVE="$(ls -t "$PROJECT"/plugin/target/dist/kubectl-neo4j_restore-*-"$HOST".tar.gz 2>/dev/null | head -1 || true)"
  [[ -n "$ARCHIVE" ]] || die "no archive in plugin/target/dist: run scripts/package-plugin.sh first"
fi
[[ -f "$ARCHIVE" ]] || die "$ARCHIVE does not exist"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-startup.XXXXXX")"
CLUSTER_PID=""
cleanup() {
  if [[ -n "$CLUSTER_PID" ]]; then
    exec {CLUSTER_IN}>&- || true
    wait "$CLUSTER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
if ((LOCAL_CLUSTER)); then
  [[ -z "$KUBECONFIG_FILE" ]] || die "--local-cluster and --kubeconfig exclude each other"
  log "starting the local control plane (testenv; first build of its binaries takes minutes)"
  # shellcheck disable=SC2086 # NEO4J_RESTORE_MVN_ARGS is a list of arguments
  (cd "$PROJECT" && mvn -q -B package -DskipTests -pl testenv -am dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath ${NEO4J_RESTORE_MVN_ARGS:-}) >&2 || die "building testenv failed"
  mkfifo "$WORK/cluster.in"
  java -cp "$PROJECT/testenv/target/classes:$(cat "$PROJECT/testenv/target/bench.classpath")" \
    -Dneo4jrestore.repo.root="$PROJECT" io.neo4jrestore.testenv.LocalControlPlane \
    "$WORK/kubeconfig" "$WORK/cluster" <"$WORK/cluster.in" >"$WORK/cluster.out" 2>"$WORK/cluster.log" &
  CLUSTER_PID=$!
  exec {CLUSTER_IN}>"$WORK/cluster.in"
  for _ in $(seq 1 600); do
    grep -q READY "$WORK/cluster.out" 2>/dev/null && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || break
    sleep 0.5
  done
  grep -q READY "$WORK/cluster.out" || { tail -20 "$WORK/cluster.log" >&2; die "the local control plane did not start"; }
  for ns in bench-a bench-b; do kubectl --kubeconfig "$WORK/kubeconfig" create namespace "$ns" >/dev/null; done
  for r in bench-a/nightly bench-a/weekly bench-b/hourly; do
    printf 'apiVersion: neo4j.neo4j.com/v1alpha1\nkind: Neo4jRestore\nmetadata: {name: %s, namespace: %s}\nspec:\n  targetCluster: prod\n  databaseName: movies\n  source: {type: backup, backupRef: nightly}\n' \
      "${r#*/}" "${r%/*}" | kubectl --kubeconfig "$WORK/kubeconfig" apply -f - >/dev/null \
      || die "cannot create the restore $r on the local control plane"
  done
  # a ServiceAccount that may list restores everywhere, and a kubeconfig with its token
  k() { kubectl --kubeconfig "$WORK/kubeconfig" "$@"; }
  k create serviceaccount bench -n bench-a >/dev/null
  k create clusterrole bench-list-restores --verb=list --resource=neo4jrestores.neo4j.neo4j.com >/dev/null
  k create clusterrolebinding bench-list-restores --clusterrole=bench-list-restores \
    --serviceaccount=bench-a:bench >/dev/null
  token="$(k create token bench -n bench-a --duration=1h)"
  k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$WORK/ca.crt"
  server="$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
  printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "%s", certificate-authority: ca.crt}\nusers:\n- name: u\n  user: {token: "%s"}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n' \
    "$server" "$token" >"$WORK/token.kubeconfig"
  TOKEN_KUBECONFIG="$WORK/token.kubeconfig"
  KUBECONFIG_FILE="$WORK/kubeconfig"
  log "local control plane ready: $(kubectl --kubeconfig "$WORK/kubeconfig" get neo4jrestores -A --no-headers | wc -l) restores"
fi
INSTALL="$WORK/install"
mkdir -p "$INSTALL"
tar -xzf "$ARCHIVE" -C "$INSTALL"
[[ -x "$INSTALL/kubectl-neo4j_restore" && -x "$INSTALL/runtime/bin/java" ]] \
  || die "$ARCHIVE has no kubectl-neo4j_restore and runtime/bin/java"
JAVA="$INSTALL/runtime/bin/java"
BASE_PATH="$PATH"
unset JAVA_HOME NEO4J_RESTORE_JAVA_OPTS NEO4J_RESTORE_JAVA_HOME

# a variant: DIR with links to the install's jar, lib/ and runtime/, a launcher, and DIR/bin with
# kubectl-neo4j_restore linked to it (as krew links it)
new_variant() { # new_variant NAME -> prints DIR
  local d="$WORK/v/$1"
  mkdir -p "$d/bin"
  ln -s "$INSTALL/neo4j-restore-plugin.jar" "$d/neo4j-restore-plugin.jar"
  ln -s "$INSTALL/lib" "$d/lib"
  ln -s "$INSTALL/runtime" "$d/runtime"
  ln -s ../kubectl-neo4j_restore "$d/bin/kubectl-neo4j_restore"
  echo "$d"
}
# a launcher with the shipped launcher's symlink handling and the given JVM options
options_launcher() { # options_launcher DIR OPTIONS...
  local d="$1"
  shift
  {
    echo '#!/bin/sh'
    echo 'set -e'
    echo 'self=$0'
    echo 'while [ -L "$self" ]; do target=$(readlink "$self"); case "$target" in /*) self=$target ;; *) self=$(dirname "$self")/$target ;; esac; done'
    echo 'here=$(cd "$(dirname "$self")" && pwd)'
    echo "exec \"\$here/runtime/bin/java\" $* -jar \"\$here/neo4j-restore-plugin.jar\" \"\$@\""
  } >"$d/kubectl-neo4j_restore"
  chmod 755 "$d/kubectl-neo4j_restore"
}
SHIPPED_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss1m"
dump_appcds() { # dump_appcds DIR: a static archive DIR/app.jsa for DIR's jar path, from the class list
  "$JAVA" -Xshare:dump -XX:SharedClassListFile="$INSTALL/cds/neo4j-restore.classlist" \
    -XX:SharedArchiveFile="$1/app.jsa" -cp "$1/neo4j-restore-plugin.jar" >/dev/null 2>&1
}

# ------------------------------------------------------------------ what to measure
NAMES=() # display names
CMDS=()  # commands (argv joined by spaces; no quoting needed)
add() { NAMES+=("$1"); CMDS+=("$2"); }
plugin_cmd() { # plugin_cmd BIN_DIR ARGS...
  local bin="$1"
  shift
  echo "env PATH=$bin:$BASE_PATH kubectl neo4j-restore $*"
}

mkdir -p "$WORK/bin"
ln -s "$INSTALL/kubectl-neo4j_restore" "$WORK/bin/kubectl-neo4j_restore"
VERSION_ARGS="version"
if env PATH="$WORK/bin:$BASE_PATH" kubectl neo4j-restore version --client >/dev/null 2>&1; then
  VERSION_ARGS="version --client"
fi
env PATH="$WORK/bin:$BASE_PATH" kubectl neo4j-restore --help >/dev/null || die "kubectl neo4j-restore --help fails"
env PATH="$WORK/bin:$BASE_PATH" kubectl neo4j-restore $VERSION_ARGS >/dev/null || die "kubectl neo4j-restore $VERSION_ARGS fails"

add "kubectl version --client" "env PATH=$BASE_PATH kubectl version --client"
add "kubectl neo4j-restore --help" "$(plugin_cmd "$WORK/bin" --help)"
# the plugin alone, without kubectl finding and starting it (kubectl's own start is in the above)
add "kubectl-neo4j_restore --help (no kubectl)" "$WORK/bin/kubectl-neo4j_restore --help"
add "kubectl neo4j-restore $VERSION_ARGS" "$(plugin_cmd "$WORK/bin" "$VERSION_ARGS")"
if [[ -n "$KUBECONFIG_FILE" ]]; then
  [[ -f "$KUBECONFIG_FILE" ]] || die "$KUBECONFIG_FILE does not exist"
  KC="$(cd "$(dirname "$KUBECONFIG_FILE")" && pwd)/$(basename "$KUBECONFIG_FILE")"
  if env KUBECONFIG="$KC" PATH="$WORK/bin:$BASE_PATH" kubectl neo4j-restore get -A >/dev/null 2>&1 \
    && env KUBECONFIG="$KC" kubectl get neo4jrestores -A >/dev/null 2>&1; then
    add "kubectl get neo4jrestores -A" "env KUBECONFIG=$KC PATH=$BASE_PATH kubectl get neo4jrestores -A"
    add "kubectl neo4j-restore get -A" "env KUBECONFIG=$KC PATH=$WORK/bin:$BASE_PATH kubectl neo4j-restore get -A"
  else
    log "skipping get: \`kubectl neo4j-restore get -A\` or \`kubectl get neo4jrestores -A\` fails with KUBECONFIG=$KC"
  fi
fi
if [[ -n "$TOKEN_KUBECONFIG" ]]; then
  TKC="$(cd "$(dirname "$TOKEN_KUBECONFIG")" && pwd)/$(basename "$TOKEN_KUBECONFIG")"
  if env KUBECONFIG="$TKC" PATH="$WORK/bin:$BASE_PATH" kubectl neo4j-restore get -A >/dev/null 2>&1 \
    && env KUBECONFIG="$TKC" kubectl get neo4jrestores -A >/dev/null 2>&1; then
    add "kubectl get neo4jrestores -A (token)" "env KUBECONFIG=$TKC PATH=$BASE_PATH kubectl get neo4jrestores -A"
    add "kubectl neo4j-restore get -A (token)" "env KUBECONFIG=$TKC PATH=$WORK/bin:$BASE_PATH kubectl neo4j-restore get -A"
  else
    log "skipping get (token): one of the get commands fails with KUBECONFIG=$TKC"
  fi
fi

FIRST_RUN=""
if ((VARIANTS)); then
  [[ -f "$INSTALL/cds/neo4j-restore.classlist" ]] || die "--variants needs cds/neo4j-restore.classlist in the archive"
  d="$(new_variant shipped)"; cp "$INSTALL/kubectl-neo4j_restore" "$d/"
  d="$(new_variant no-options)"; options_launcher "$d"
  d="$(new_variant xshare-off)"; options_launcher "$d" "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:off -Xss1m"
  d="$(new_variant appcds)"; dump_appcds "$d" || die "dumping an AppCDS archive failed"
  options_launcher "$d" "$SHIPPED_OPTS -XX:SharedArchiveFile=$d/app.jsa"
  d="$(new_variant appcds-g1)"; dump_appcds "$d"; options_launcher "$d" "-XX:TieredStopAtLevel=1 -Xshare:auto -Xss1m -XX:SharedArchiveFile=$d/app.jsa"
  d="$(new_variant appcds-tiered)"; dump_appcds "$d"; options_launcher "$d" "-XX:+UseSerialGC -Xshare:auto -Xss1m -XX:SharedArchiveFile=$d/app.jsa"
  d="$(new_variant appcds-noperf)"; dump_appcds "$d"; options_launcher "$d" "$SHIPPED_OPTS -XX:-UsePerfData -XX:SharedArchiveFile=$d/app.jsa"
  # stale: its own copies of the jars, touched after the dump
  d="$WORK/v/appcds-stale"; mkdir -p "$d/bin"; cp -p "$INSTALL/neo4j-restore-plugin.jar" "$d/"; cp -rp "$INSTALL/lib" "$d/"
  ln -s "$INSTALL/runtime" "$d/runtime"; ln -s ../kubectl-neo4j_restore "$d/bin/kubectl-neo4j_restore"
  dump_appcds "$d"; touch "$d/neo4j-restore-plugin.jar" "$d"/lib/*.jar
  options_launcher "$d" "$SHIPPED_OPTS -XX:SharedArchiveFile=$d/app.jsa"
  d="$(new_variant dynamic)"
  "$JAVA" $SHIPPED_OPTS -XX:ArchiveClassesAtExit="$d/dyn.jsa" -jar "$d/neo4j-restore-plugin.jar" --help >/dev/null 2>&1 \
    || die "dumping a dynamic CDS archive failed"
  options_launcher "$d" "$SHIPPED_OPTS -XX:SharedArchiveFile=$d/dyn.jsa"
  d="$(new_variant proposed)"; mkdir -p "$d/cds"; cp "$INSTALL/cds/neo4j-restore.classlist" "$d/cds/"
  write_proposed_launcher() {
    cat >"$1/kubectl-neo4j_restore" <<'LAUNCHER'
#!/bin/sh
# kubectl-neo4j_restore: JVM launcher for the kubectl neo4j-restore plugin.
# kubectl finds it on PATH as `kubectl neo4j-restore` (and `kubectl neo4j_restore`).
# Java: NEO4J_RESTORE_JAVA_HOME if set, else the runtime bundled beside this file (runtime/, in the
# self-contained archive), else JAVA_HOME, else `java` on PATH (Java 17+).
# NEO4J_RESTORE_JAVA_OPTS adds JVM options.
set -e
self=$0
# follow symlinks (krew links the binary into its bin folder)
while [ -L "$self" ]; do
  target=$(readlink "$self")
  case "$target" in
    /*) self=$target ;;
    *) self=$(dirname "$self")/$target ;;
  esac
done
here=$(cd "$(dirname "$self")" && pwd)
if [ -n "$NEO4J_RESTORE_JAVA_HOME" ]; then
  java=$NEO4J_RESTORE_JAVA_HOME/bin/java
elif [ -x "$here/runtime/bin/java" ]; then
  java=$here/runtime/bin/java
elif [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=java
fi
set -- -jar "$here/neo4j-restore-plugin.jar" "$@"
# shellcheck disable=SC2086 # NEO4J_RESTORE_JAVA_OPTS is split into words on purpose
set -- $NEO4J_RESTORE_JAVA_OPTS "$@"
# AppCDS for the bundled runtime: JDK 17's archive records the jars' absolute paths and times,
# which krew's extraction changes, so it is dumped here on first use from the class list in cds/
# and again when the plugin moved or its jar changed (cds/neo4j-restore.jsa.key says for which).
# It is written to a temporary name and renamed: a truncated archive would crash the JVM.
# Anything going wrong (read-only directory, ...) just means no archive.
cds=$here/cds
if [ "$java" = "$here/runtime/bin/java" ] && [ -f "$cds/neo4j-restore.classlist" ]; then
  key="$here $(date -r "$here/neo4j-restore-plugin.jar" +%s 2>/dev/null || echo unknown)"
  had=
  if [ -f "$cds/neo4j-restore.jsa.key" ]; then read -r had <"$cds/neo4j-restore.jsa.key" || had=; fi
  if [ "$had" != "$key" ] && [ -w "$cds" ] \
    && "$java" -Xshare:dump -XX:SharedClassListFile="$cds/neo4j-restore.classlist" \
      -XX:SharedArchiveFile="$cds/neo4j-restore.jsa.$$" -cp "$here/neo4j-restore-plugin.jar" >/dev/null 2>&1 \
    && mv -f "$cds/neo4j-restore.jsa.$$" "$cds/neo4j-restore.jsa" \
    && echo "$key" >"$cds/neo4j-restore.jsa.key.$$" && mv -f "$cds/neo4j-restore.jsa.key.$$" "$cds/neo4j-restore.jsa.key"; then
    had=$key
  fi
  rm -f "$cds/neo4j-restore.jsa.$$" "$cds/neo4j-restore.jsa.key.$$"
  if [ "$had" = "$key" ] && [ -f "$cds/neo4j-restore.jsa" ]; then
    set -- -XX:SharedArchiveFile="$cds/neo4j-restore.jsa" "$@"
  fi
fi
# a CLI answers fast: no JIT tiers beyond C1, a small heap, class-data sharing where available
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss1m "$@"
LAUNCHER
    chmod 755 "$1/kubectl-neo4j_restore"
  }
  write_proposed_launcher "$d"
  # the proposed launcher's first run in a fresh install dumps the archive: time 3 of them
  firsts=()
  for i in 1 2 3; do
    rm -f "$d/cds/neo4j-restore.jsa" "$d/cds/neo4j-restore.jsa.key"
    t0=$(date +%s%N)
    env PATH="$d/bin:$BASE_PATH" kubectl neo4j-restore --help >/dev/null
    firsts+=($((($(date +%s%N) - t0) / 1000000)))
  done
  [[ -f "$d/cds/neo4j-restore.jsa" ]] || die "the proposed launcher did not create its AppCDS archive"
  FIRST_RUN="$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 2p)"
  out="$(env PATH="$d/bin:$BASE_PATH" NEO4J_RESTORE_JAVA_OPTS=-Xlog:class+load=info kubectl neo4j-restore --help)"
  log "proposed launcher: --help loads $(grep -c 'shared objects file' <<<"$out") classes from CDS, $(grep -c 'source: file:' <<<"$out" || true) from jars"
  for v in shipped no-options xshare-off appcds appcds-g1 appcds-tiered appcds-noperf appcds-stale dynamic proposed; do
    add "[$v] --help" "$(plugin_cmd "$WORK/v/$v/bin" --help)"
    add "[$v] $VERSION_ARGS" "$(plugin_cmd "$WORK/v/$v/bin" "$VERSION_ARGS")"
    if [[ -n "${KC:-}" && "$v" =~ ^(shipped|appcds|proposed)$ ]] && [[ " ${NAMES[*]} " == *" kubectl get neo4jrestores -A "* ]]; then
      add "[$v] get -A" "env KUBECONFIG=$KC PATH=$WORK/v/$v/bin:$BASE_PATH kubectl neo4j-restore get -A"
    fi
  done
fi

# ------------------------------------------------------------------ measure and report
ref_for() { # the kubectl command a plugin command is compared with
  case "$1" in
    "kubectl version --client" | "kubectl get neo4jrestores -A"*) echo "" ;;
    *" get"*"(token)") echo "kubectl get neo4jrestores -A (token)" ;;
    *" get"*) echo "kubectl get neo4jrestores -A" ;;
    *) echo "kubectl version --client" ;;
  esac
}
SPEC="$WORK/commands.tsv"
: >"$SPEC"
for i in "${!NAMES[@]}"; do printf '%s\t%s\t%s\n' "${NAMES[$i]}" "$(ref_for "${NAMES[$i]}")" "${CMDS[$i]}" >>"$SPEC"; done
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
log "measuring ${#CMDS[@]} commands x ($WARMUP warm-up + $RUNS rounds), interleaved"
python3 - "$SPEC" "$RUNS" "$WARMUP" >"$WORK/report.txt" <<'PY' || die "measuring failed"
import os, shlex, statistics, subprocess, sys, time
spec, runs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cmds = [line.rstrip("\n").split("\t") for line in open(spec) if line.strip()]
names = [c[0] for c in cmds]
def run(argv):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: " + " ".join(argv))
    return wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000  # ms; the child and its waited-for children
wall = {n: [] for n in names}
cpu = {n: [] for n in names}
for r in range(warmup + runs):
    order = list(range(len(cmds))) if r % 2 == 0 else list(reversed(range(len(cmds))))
    for i in order:
        w, c = run(shlex.split(cmds[i][2]))
        if r >= warmup:
            wall[names[i]].append(w)
            cpu[names[i]].append(c)
print("%-44s %10s %8s  %s" % ("command", "median ms", "cpu ms", "ratio: median over rounds of (this / reference in the same round), wall and cpu"))
for name, ref, _ in cmds:
    mw, mc = statistics.median(wall[name]), statistics.median(cpu[name])
    if not ref:
        print("%-44s %10.1f %8.0f  %s" % (name, mw, mc, "reference"))
        continue
    rw = statistics.median(a / b for a, b in zip(wall[name], wall[ref]))
    rc = statistics.median(a / b for a, b in zip(cpu[name], cpu[ref]) if b > 0)
    lo, hi = min(a / b for a, b in zip(wall[name], wall[ref])), max(a / b for a, b in zip(wall[name], wall[ref]))
    print("%-44s %10.1f %8.0f  %.2f x wall (%.2f-%.2f), %.2f x cpu, of %s" % (name, mw, mc, rw, lo, hi, rc, ref))
PY
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
echo "start-up: median of $RUNS interleaved rounds after $WARMUP warm-up rounds"
echo "archive:  $(basename "$ARCHIVE") ($("$JAVA" -version 2>&1 | sed -n 2p))"
echo "machine:  $(nproc) cores, load average $LOAD_BEFORE before, $LOAD_AFTER after"
cat "$WORK/report.txt"
[[ -z "$FIRST_RUN" ]] || echo "proposed launcher, first run in a fresh install (dumps the AppCDS archive): $FIRST_RUN ms (median of 3, --help)"
