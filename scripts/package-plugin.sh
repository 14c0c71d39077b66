#!/usr/bin/env bash
# Builds the self-contained (no JRE needed) archive of the kubectl plugin for THIS machine's
# platform (linux-amd64 on the build machines):
#
#   plugin/target/dist/kubectl-neo4j_restore-<version>-<os>-<arch>.tar.gz   (+ .sha256)
#
# containing, at the archive root (the layout krew installs; see krew/neo4j-restore.yaml):
#   kubectl-neo4j_restore      the launcher (POSIX sh; uses runtime/bin/java when JAVA_HOME is unset)
#   neo4j-restore-plugin.jar   the plugin, lib/ its dependencies
#   runtime/                   a jlink-ed Java runtime with only the modules the plugin needs, with
#                              the JDK's default class-data-sharing archive (--generate-cds-archive)
#   cds/                       optional start-up aid: the class list of `--help`, `version` and
#                              `get`, from which an AppCDS archive can be dumped in place
#                              (docs/packaging.md, "Start-up")
#   LICENSE, README.md
#
# Usage: scripts/package-plugin.sh [--skip-build] [--no-cds] [PROJECT_DIR]
#   PROJECT_DIR   the project checkout (default: the one this script lives in)
#   --skip-build  use plugin/target as it is (the jar, lib/ and launcher of an earlier build)
#   --no-cds      leave cds/ out of the archive
# stdout (last line): "<sha256>  <archive path>" (sha256sum format); progress on stderr.
#
# Environment:
#   NEO4J_RESTORE_MVN_ARGS            extra Maven arguments, e.g. "-o" (offline)
#   NEO4J_RESTORE_JLINK_JDK           the JDK whose jlink/jdeps/jmods are used (default: a JDK 17
#                                     with jmods: $JAVA_HOME, the javac on PATH, /usr/lib/jvm/*17*)
#   NEO4J_RESTORE_JLINK_EXTRA_MODULES comma-separated modules to add to what jdeps finds
#   NEO4J_RESTORE_CDS_TRAINING        ';'-separated plugin argument lists whose loaded classes go
#                                     into the class list (default: "--help;version --client;get -A"),
#                                     run against a stand-in API server on 127.0.0.1 (HTTPS, token);
#                                     `get -A` also with an EC (SEC1) and an RSA (PKCS#1) client
#                                     certificate. Needs openssl for the stand-in's certificates.
#   SOURCE_DATE_EPOCH                 timestamp of every archive entry (default: the last commit's)
#
# Idempotent: the staging directory and the archive are rebuilt from scratch on every run, the tar
# has a fixed order, owner and timestamps and gzip stores no name/time, so two runs over the same
# jars differ only in the few header bytes that JDK 17 varies in every CDS archive (the runtime's
# lib/server/classes*.jsa made by jlink --generate-cds-archive).
set -euo pipefail

log() { echo "[package-plugin] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SKIP_BUILD=0
WITH_CDS=1
PROJECT=""
while (($#)); do
  case "$1" in
    --skip-build) SKIP_BUILD=1 ;;
    --no-cds) WITH_CDS=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$PROJECT" ]] || die "one project directory only"; PROJECT="$1" ;;
  esac
  shift
done
PROJECT="$(cd "${PROJECT:-$(dirname "$0")/..}" && pwd)"
[[ -f "$PROJECT/plugin/pom.xml" ]] || die "$PROJECT is not the neo4j-restore project (no plugin/pom.xml)"
TARGET="$PROJECT/plugin/target"
DIST="$TARGET/dist"
T_START=$(date +%s)

# ------------------------------------------------------------------ platform and JDK
case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=darwin ;;
  *) die "unsupported OS $(uname -s): the JVM archive is built for Linux (macOS works untested)" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) ARCH=amd64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

java_major() { # java_major JDK_DIR -> 17
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
find_jdk() {
  if [[ -n "${NEO4J_RESTORE_JLINK_JDK:-}" ]]; then
    [[ -x "$NEO4J_RESTORE_JLINK_JDK/bin/jlink" ]] || die "NEO4J_RESTORE_JLINK_JDK=$NEO4J_RESTORE_JLINK_JDK has no bin/jlink"
    echo "$NEO4J_RESTORE_JLINK_JDK"
    return
  fi
  local c candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  candidates+=(/usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*)
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/jlink" && -f "$c/jmods/java.base.jmod" && "$(java_major "$c")" == 17 ]] && { echo "$c"; return; }
  done
  die "no JDK 17 with jlink and jmods found (Debian: apt-get install openjdk-17-jdk-headless; or set NEO4J_RESTORE_JLINK_JDK)"
}
JDK="$(find_jdk)"
JDK_MAJOR="$(java_major "$JDK")"
[[ -n "$JDK_MAJOR" ]] || die "cannot read the Java version from $JDK/release"
log "jlink/jdeps from $JDK (Java $JDK_MAJOR)"

# ------------------------------------------------------------------ the plugin's jar and lib/
if ((SKIP_BUILD == 0)); then
  command -v mvn >/dev/null || die "Maven is not on PATH"
  log "building: mvn -q -B package -DskipTests -pl plugin -am ${NEO4J_RESTORE_MVN_ARGS:-}"
  # shellcheck disable=SC2086 # NEO4J_RESTORE_MVN_ARGS is a list of arguments
  (cd "$PROJECT" && mvn -q -B package -DskipTests -pl plugin -am ${NEO4J_RESTORE_MVN_ARGS:-}) >&2 \
    || die "the Maven build failed"
fi
JAR="$TARGET/neo4j-restore-plugin.jar"
LAUNCHER="$TARGET/kubectl-neo4j_restore"
for f in "$JAR" "$LAUNCHER" "$TARGET/lib" "$TARGET/maven-archiver/pom.properties"; do
  [[ -e "$f" ]] || die "$f is missing: build the plugin first (or drop --skip-build)"
done
VERSION="$(sed -n 's/^version=//p' "$TARGET/maven-archiver/pom.properties")"
[[ -n "$VERSION" ]] || die "no version in $TARGET/maven-archiver/pom.properties"
NAME="kubectl-neo4j_restore-$VERSION-$OS-$ARCH"
log "plugin $VERSION, archive $NAME.tar.gz"

if [[ -z "${SOURCE_DATE_EPOCH:-}" ]]; then
  SOURCE_DATE_EPOCH="$(git -C "$PROJECT" log -1 --format=%ct 2>/dev/null || true)"
  [[ -n "$SOURCE_DATE_EPOCH" ]] || SOURCE_DATE_EPOCH="$(date +%s)"
fi

LICENSE_FILE="$PROJECT/LICENSE"
[[ -f "$LICENSE_FILE" ]] || die "$LICENSE_FILE is missing (krew requires a license file in the archive)"
[[ -f "$PROJECT/README.md" ]] || die "$PROJECT/README.md is missing"

STAGE="$DIST/stage-$OS-$ARCH"
rm -rf "$STAGE" "$DIST/$NAME.tar.gz" "$DIST/$NAME.tar.gz.sha256"
mkdir -p "$STAGE/lib"
cp "$LAUNCHER" "$JAR" "$STAGE/"
cp "$TARGET"/lib/*.jar "$STAGE/lib/"
cp "$LICENSE_FILE" "$STAGE/LICENSE"
cp "$PROJECT/README.md" "$STAGE/README.md"
chmod 755 "$STAGE/kubectl-neo4j_restore"
# kubectl 1.26+ plugin completion (kubectl runs kubectl_complete-<plugin> when it is on PATH)
if [ -f "$TARGET/kubectl_complete-neo4j_restore" ]; then
  cp "$TARGET/kubectl_complete-neo4j_restore" "$STAGE/"
  chmod 755 "$STAGE/kubectl_complete-neo4j_restore"
fi

# ------------------------------------------------------------------ modules
# jdeps sees static references. Modular jars name their requirements, so lib/ is the module path
# as well as the input.
t0=$(date +%s)
JDEPS_OUT="$(mktemp)"
trap 'rm -f "$JDEPS_OUT"' EXIT
if ! "$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$JDK_MAJOR" \
  --module-path "$STAGE/lib" "$STAGE/neo4j-restore-plugin.jar" "$STAGE"/lib/*.jar >"$JDEPS_OUT" 2>&1; then
  grep -v '^Warning: split package' "$JDEPS_OUT" >&2 || true
  die "jdeps failed (above)"
fi
FOUND="$(grep -v '^Warning:' "$JDEPS_OUT" | tail -1)"
[[ "$FOUND" =~ ^[a-z][a-z0-9.,]*$ ]] || die "unexpected jdeps output: $(tail -3 "$JDEPS_OUT")"
# What jdeps cannot see, because it is only looked up at run time:
#   jdk.crypto.ec   the EC algorithms of the SunEC provider: ECDHE key exchange and ECDSA
#                   certificates in TLS (most API servers), EC and Ed25519 client keys in
#                   kubeconfigs (JDK <= 21; an empty module later, absent from some JDKs: added
#                   if present)
EXTRA=""
if "$JDK/bin/java" --list-modules 2>/dev/null | grep -q '^jdk\.crypto\.ec@'; then EXTRA="jdk.crypto.ec"; fi
[[ -z "${NEO4J_RESTORE_JLINK_EXTRA_MODULES:-}" ]] || EXTRA="$EXTRA,$NEO4J_RESTORE_JLINK_EXTRA_MODULES"
MODULES="$(tr ',' '\n' <<<"$FOUND,$EXTRA" | sed '/^$/d' | sort -u | paste -sd, -)"
log "modules: $MODULES (jdeps: $FOUND)"

# ------------------------------------------------------------------ runtime
JMODS=()
[[ -d "$JDK/jmods" ]] && JMODS=(--module-path "$JDK/jmods") # JDK 24+ can link without jmods
# No --compress: the tar.gz compresses better without it (31 MB vs 37 MB measured) and classes
# need no inflating at start-up.
"$JDK/bin/jlink" "${JMODS[@]}" --add-modules "$MODULES" \
  --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --output "$STAGE/runtime" >&2 || die "jlink failed"
# krew extracts regular files and directories only: replace the symlinks jlink makes (legal/)
while IFS= read -r -d '' link; do
  cp --remove-destination "$(readlink -f "$link")" "$link"
done < <(find "$STAGE/runtime" -type l -print0)
log "runtime: $(du -sh "$STAGE/runtime" | cut -f1) in $(($(date +%s) - t0))s"
GLIBC_FLOOR="$(find "$STAGE/runtime" -name '*.so' -o -path '*/bin/*' -type f | while read -r f; do
  objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' || true; done | sort -uV | tail -1)"
[[ -z "$GLIBC_FLOOR" ]] || log "the runtime needs glibc >= ${GLIBC_FLOOR#GLIBC_} (that of the JDK it was linked from)"

# Every file gets the archive's timestamp (the archive's entries carry it too).
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# ------------------------------------------------------------------ smoke tests
RUNTIME_JAVA="$STAGE/runtime/bin/java"
CLEAN_ENV=(env -i "PATH=/usr/bin:/bin" "HOME=${HOME:-/tmp}" "LANG=C.UTF-8")
"${CLEAN_ENV[@]}" "$STAGE/kubectl-neo4j_restore" --help >/dev/null || die "the staged launcher fails: --help"
home="$("${CLEAN_ENV[@]}" NEO4J_RESTORE_JAVA_OPTS=-XshowSettings:properties "$STAGE/kubectl-neo4j_restore" --help 2>&1 >/dev/null \
  | sed -n 's/^ *java\.home = //p')"
[[ "$home" == "$STAGE/runtime" ]] || die "the staged launcher did not run the bundled runtime (java.home=$home)"

# TLS with an ECDSA certificate (TLS 1.3 and 1.2), the trust store, and starting a process (exec
# credential plugins), all with the bundled runtime.
SMOKE="$(mktemp -d)"
trap 'rm -f "$JDEPS_OUT"; rm -rf "$SMOKE"' EXIT
cat >"$SMOKE/Smoke.java" <<'EOF'
import java.io.*;
import java.net.*;
import java.security.*;
import javax.net.ssl.*;

public class Smoke {
  public static void main(String[] a) throws Exception {
    char[] pw = "changeit".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(a[0])) { ks.load(in, pw); }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, pw);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    for (String proto : new String[] {"TLSv1.3", "TLSv1.2"}) {
      SSLContext ctx = SSLContext.getInstance(proto);
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
          .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        Thread t = new Thread(() -> {
          try (Socket s = server.accept()) { s.getOutputStream().write(s.getInputStream().read()); }
          catch (IOException e) { e.printStackTrace(); }
        });
        t.start();
        try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
          SSLParameters p = c.getSSLParameters();
          p.setEndpointIdentificationAlgorithm("HTTPS");
          c.setSSLParameters(p);
          c.getOutputStream().write(42);
          if (c.getInputStream().read() != 42) throw new IllegalStateException("echo");
          System.out.println(proto + " " + c.getSession().getCipherSuite());
        }
        t.join();
      }
    }
    TrustManagerFactory def = TrustManagerFactory.getInstance("PKIX");
    def.init((KeyStore) null);
    int cas = ((X509TrustManager) def.getTrustManagers()[0]).getAcceptedIssuers().length;
    if (cas == 0) throw new IllegalStateException("empty default trust store");
    System.out.println("default trust store: " + cas + " CAs");
    Process p = new ProcessBuilder("/bin/sh", "-c", "exit 7").start();
    if (p.waitFor() != 7) throw new IllegalStateException("process");
    System.out.println("process start: ok");
  }
}
EOF
"$JDK/bin/javac" --release 17 -d "$SMOKE" "$SMOKE/Smoke.java" >&2 || die "compiling the runtime smoke test failed"
"$STAGE/runtime/bin/keytool" -genkeypair -keyalg EC -groupname secp256r1 -alias smoke -dname CN=localhost \
  -ext san=ip:127.0.0.1 -validity 2 -keystore "$SMOKE/smoke.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1 \
  || die "keytool (bundled runtime) could not create an EC key"
SMOKE_OUT="$("$RUNTIME_JAVA" -cp "$SMOKE" Smoke "$SMOKE/smoke.p12" 2>&1)" \
  || { echo "$SMOKE_OUT" >&2; die "the bundled runtime failed the TLS/process smoke test"; }
log "runtime smoke test: $(echo "$SMOKE_OUT" | paste -sd';' - | sed 's/;/; /g')"

# The stand-in API server and its kubeconfigs (token; EC and RSA client certificates).
training_pki() { # training_pki DIR
  local d="$1"
  command -v openssl >/dev/null || die "openssl is needed for the stand-in API server's certificates"
  mkdir -p "$d"
  (
    cd "$d"
    o() { openssl "$@" >/dev/null 2>&1 || die "openssl $1 failed"; }
    o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -subj /CN=training-ca \
      -days 2 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out ca.crt
    printf '[v]\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    printf '[v]\nextendedKeyUsage=clientAuth\n' >client.ext
    o ecparam -name prime256v1 -genkey -noout -out server.key
    o genrsa -traditional -out rsa.key 2048
    o ecparam -name prime256v1 -genkey -noout -out ec.key
    for n in server ec rsa; do
      o req -new -key "$n.key" -subj "/O=system:masters/CN=training-$n" -out "$n.csr"
      ext=client.ext; [[ $n == server ]] && ext=server.ext
      o x509 -req -in "$n.csr" -CA ca.crt -CAkey ca.key -set_serial "$RANDOM" -days 2 -extfile "$ext" -extensions v -out "$n.crt"
    done
    o pkcs12 -export -inkey server.key -in server.crt -certfile ca.crt -passout pass:training -out server.p12
  )
}
start_training_server() { # start_training_server DIR; sets TRAINING_PORT, writes the kubeconfigs
  local d="$1"
  mkfifo "$d/stdin"
  "$JDK/bin/java" "$PROJECT/scripts/lib/TrainingApiServer.java" "$d/server.p12" training \
    <"$d/stdin" >"$d/port" 2>"$d/server.log" &
  TRAINING_PID=$!
  exec {TRAINING_STDIN}>"$d/stdin"
  for _ in $(seq 1 600); do [[ -s "$d/port" ]] && break; sleep 0.1; done
  TRAINING_PORT="$(head -1 "$d/port")"
  [[ "$TRAINING_PORT" =~ ^[0-9]+$ ]] || { cat "$d/server.log" >&2; die "the stand-in API server did not start"; }
  local ca; ca="$(base64 -w0 <"$d/ca.crt")"
  kubeconfig() { # kubeconfig NAME USER-YAML
    printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster:\n    server: https://127.0.0.1:%s\n    certificate-authority-data: %s\nusers:\n- name: t\n  user:\n%s\ncontexts:\n- name: t\n  context: {cluster: t, user: t, namespace: demo}\ncurrent-context: t\n' \
      "$TRAINING_PORT" "$ca" "$2" >"$d/$1.kubeconfig"
  }
  kubeconfig token "    token: training"
  for n in ec rsa; do
    kubeconfig "$n" "    client-certificate-data: $(base64 -w0 <"$d/$n.crt")
    client-key-data: $(base64 -w0 <"$d/$n.key")"
  done
}
stop_training_server() {
  if [[ -n "${TRAINING_PID:-}" ]]; then
    exec {TRAINING_STDIN}>&-
    wait "$TRAINING_PID" 2>/dev/null || true
    TRAINING_PID=
  fi
}
trap 'rm -f "$JDEPS_OUT"; [[ -z "${TRAINING_PID:-}" ]] || kill "$TRAINING_PID" 2>/dev/null; rm -rf "$SMOKE"' EXIT
training_pki "$SMOKE/pki"
start_training_server "$SMOKE/pki"
# The packaged launcher, nothing from the environment, lists restores over TLS with a token and
# with EC and RSA client certificates.
for kc in token ec rsa; do
  out="$("${CLEAN_ENV[@]}" KUBECONFIG="$SMOKE/pki/$kc.kubeconfig" "$STAGE/kubectl-neo4j_restore" get -A 2>&1)" \
    && grep -q '^demo *nightly' <<<"$out" && grep -q '^demo *weekly' <<<"$out" \
    || { echo "$out" >&2; cat "$SMOKE/pki/server.log" >&2; die "the packaged plugin cannot list restores over TLS ($kc kubeconfig)"; }
done
log "packaged plugin smoke test: get -A over TLS with a token, an EC and an RSA client certificate"

# ------------------------------------------------------------------ optional AppCDS class list
# A JDK 17 AppCDS archive records the jars' absolute paths and modification times, and krew
# extracts to its own directory with fresh times, so an archive built here would be rejected
# (and a rejected static archive disables class sharing altogether). What ships is the class
# list: the classes the training commands load (NEO4J_RESTORE_CDS_TRAINING), from which the
# launcher can dump the archive in place on first use (docs/packaging.md, "Start-up"). Here the
# list is checked by dumping an archive from it and running --help with -Xshare:on.
# (BouncyCastle's jars are signed: CDS leaves their classes out, with a warning in the dump log.)
# (A dynamic archive, -XX:ArchiveClassesAtExit, leaves out class-file versions < 50, i.e. all of
# picocli, on JDK 17, and measured no faster than the runtime's default CDS archive.)
rm -rf "$STAGE/cds"
if ((WITH_CDS)); then
  mkdir -p "$STAGE/cds"
  CLASSLIST="$STAGE/cds/neo4j-restore.classlist"
  # Commands run against a stand-in API server (scripts/lib/TrainingApiServer.java: HTTPS with an
  # EC certificate, the Neo4jRestore list), so the list holds what a real `get -A` loads: TLS,
  # HTTP, JSON, the table; `get -A` also with an EC (SEC1, k3s/kubeadm-ECDSA) and an RSA
  # (PKCS#1, kubeadm/kind) client certificate.
  IFS=';' read -r -a TRAINING <<<"${NEO4J_RESTORE_CDS_TRAINING:---help;version --client;get -A}"
  i=0
  train() { # train KUBECONFIG ARGS...
    local kc="$1"
    shift
    i=$((i + 1))
    "${CLEAN_ENV[@]}" KUBECONFIG="$kc" "$RUNTIME_JAVA" -XX:DumpLoadedClassList="$SMOKE/classes.$i" \
      -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$STAGE/neo4j-restore-plugin.jar" "$@" >/dev/null 2>&1 || true
  }
  for cmd in "${TRAINING[@]}"; do
    read -r -a args <<<"$cmd"
    train "$SMOKE/pki/token.kubeconfig" "${args[@]}"
  done
  train "$SMOKE/pki/ec.kubeconfig" get -A
  train "$SMOKE/pki/rsa.kubeconfig" get -A
  # merged and sorted (the order classes load in varies from run to run; the dump does not need
  # it), class names first, then the @lambda-... lines; generated proxy classes cannot be
  # preloaded, so they are left out
  cat "$SMOKE"/classes.* 2>/dev/null | grep -v '\$Proxy[0-9]' >"$SMOKE/merged.classlist" || true
  { grep -v '^@' "$SMOKE/merged.classlist" | LC_ALL=C sort -u; grep '^@' "$SMOKE/merged.classlist" | LC_ALL=C sort -u; } \
    >"$CLASSLIST" || true
  t0=$(date +%s%N)
  if [[ -s "$CLASSLIST" ]] \
    && (cd / && "$RUNTIME_JAVA" -Xshare:dump -XX:SharedClassListFile="$CLASSLIST" \
      -XX:SharedArchiveFile="$SMOKE/check.jsa" -cp "$STAGE/neo4j-restore-plugin.jar" >"$SMOKE/dump.log" 2>&1) \
    && dump_ms=$((($(date +%s%N) - t0) / 1000000)) \
    && (cd / && "$RUNTIME_JAVA" -Xshare:on -XX:SharedArchiveFile="$SMOKE/check.jsa" -XX:TieredStopAtLevel=1 \
      -XX:+UseSerialGC -Xlog:class+load=info -jar "$STAGE/neo4j-restore-plugin.jar" --help >"$SMOKE/load.log" 2>&1); then
    log "AppCDS class list: $(wc -l <"$CLASSLIST") entries; an archive dumped from it in ${dump_ms} ms" \
      "($(du -h "$SMOKE/check.jsa" | cut -f1)) serves --help $(grep -c 'source: shared objects file' "$SMOKE/load.log")" \
      "classes, $(grep -c 'source: file:' "$SMOKE/load.log" || true) come from jars"
  else
    tail -5 "$SMOKE/dump.log" "$SMOKE/load.log" >&2 2>/dev/null || true
    log "warning: the class list does not make a usable AppCDS archive (above); the archive ships without cds/"
    rm -rf "$STAGE/cds"
  fi
fi

stop_training_server

# ------------------------------------------------------------------ archive
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
ENTRIES=(kubectl-neo4j_restore neo4j-restore-plugin.jar lib runtime LICENSE README.md)
[[ -d "$STAGE/cds" ]] && ENTRIES+=(cds)
TMP_TGZ="$DIST/.$NAME.tar.gz.$$"
tar -C "$STAGE" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  --hard-dereference --format=gnu -cf - "${ENTRIES[@]}" | gzip -9n >"$TMP_TGZ"
# only what krew's extractor handles: directories and regular files, relative, no ".."
bad="$(tar -tvzf "$TMP_TGZ" | awk '$1 !~ /^[-d]/' | head -3)"
[[ -z "$bad" ]] || { rm -f "$TMP_TGZ"; die "archive entries krew cannot extract: $bad"; }
if tar -tzf "$TMP_TGZ" | grep -qE '^/|(^|/)\.\.(/|$)'; then rm -f "$TMP_TGZ"; die "absolute or .. entries in the archive"; fi
mv -f "$TMP_TGZ" "$DIST/$NAME.tar.gz"
SHA="$(sha256sum "$DIST/$NAME.tar.gz" | cut -d' ' -f1)"
echo "$SHA  $NAME.tar.gz" >"$DIST/$NAME.tar.gz.sha256"
log "$DIST/$NAME.tar.gz: $(du -h "$DIST/$NAME.tar.gz" | cut -f1), $(tar -tzf "$DIST/$NAME.tar.gz" | wc -l) entries," \
  "sha256 $SHA, in $(($(date +%s) - T_START))s"
echo "$SHA  $DIST/$NAME.tar.gz"
