#!/usr/bin/env bash
# The cluster-side benchmarks: on the local control plane (a real kube-apiserver with an audit log,
# etcd and controller-manager; the fake kubelet; the runner with the demo's simulated Neo4j side)
#   - the demo's restore, watch-driven and polling: the runner's reaction to what it waits for,
#     restore Job complete -> Completed, API requests per restore by verb and resource, memory;
#   - 20 restores of 20 targets at once, then again with the runners throttled by the API server
#     (API Priority and Fairness, 429): wall time, p50/p95, request rate, 429 answers;
#   - the dispatcher's sweep over 1,000 restores in 50 namespaces, 10 pending;
#   - `kubectl neo4j-restore watch`: status write -> line printed.
# Prints the figures as Markdown (with the load average at the time) and writes them into
# docs/performance.md between its bench markers. Figures never fail the run; only a benchmark that
# cannot run does. See docs/performance.md for what each figure means.
#
# Usage: scripts/bench.sh [--smoke] [--runs N] [--only demo,many,sweep,watch,audit] [--no-docs]
#                         [--skip-build]
#   --smoke       one of each, small and shortened (a minute or so; what .ci/run runs through
#                 BenchSmokeIT); never writes the docs
#   --runs N      demo restores per mode (default 3)
#   --only LIST   only these benchmarks; `audit` (what the API server's audit log costs: two more
#                 control planes) runs only when named
#   --no-docs     print only
#   --skip-build  use what the last build left (runner/target/demo.classpath, plugin/target)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SKIP_BUILD=0
DOCS=1
ARGS=()
while (($#)); do
  case "$1" in
    --smoke) ARGS+=(--smoke); DOCS=0 ;;
    --runs | --only) ARGS+=("$1" "${2:?$1 takes a value}"); shift ;;
    --no-docs) DOCS=0 ;;
    --skip-build) SKIP_BUILD=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if ((SKIP_BUILD == 0)); then
  bash scripts/build-control-plane.sh >/dev/null
  echo "[bench] building (mvn package, tests compiled but not run)" >&2
  # the classpath in the same reactor build, so the modules come from this checkout, not ~/.m2
  mvn -q -B package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/demo.classpath
fi
# NEO4J_RESTORE_BENCH_CLASSPATH: the runner's test classpath, given by BenchSmokeIT
if [[ -n "${NEO4J_RESTORE_BENCH_CLASSPATH:-}" ]]; then
  CP=$NEO4J_RESTORE_BENCH_CLASSPATH
else
  [[ -f runner/target/demo.classpath ]] \
    || { echo "bench: not built yet; run scripts/bench.sh without --skip-build" >&2; exit 1; }
  CP="$ROOT/runner/target/test-classes:$ROOT/runner/target/classes:$(cat runner/target/demo.classpath)"
fi
((DOCS)) && ARGS+=(--docs "$ROOT/docs/performance.md")

exec java -cp "$CP" -Dneo4jrestore.repo.root="$ROOT" -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  io.neo4jrestore.runner.bench.Bench "${ARGS[@]}"
