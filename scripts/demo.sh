#!/usr/bin/env bash
# The README demo: a whole restore through `kubectl neo4j-restore`, on this machine.
#
# Builds everything, starts the local test control plane (a real kube-apiserver, etcd and
# controller-manager; see docs/development.md) with the fake kubelet playing three nodes, creates
# what the Neo4j operator would have made (cluster `prod`: 3 servers running database `movies`;
# a Neo4jBackup `nightly` on a PVC) in namespace `demo`, then, as a user would:
#   kubectl neo4j-restore install                   CRD, runner RBAC, dispatcher, admission policy
#   kubectl neo4j-restore create ... --wait         a live timeline until Completed
#   kubectl neo4j-restore describe / logs           what happened
# Simulated (nothing else can run here): the nodes (restore Jobs "succeed" without running
# neo4j-admin; the runner Job runs as a local process with its pod's ServiceAccount token) and the
# Neo4j side of Bolt (the runner's STOP/START/CREATE DATABASE calls are printed, prefixed
# "[simulated neo4j]"). Real: the API server and controllers, RBAC, the admission policy, the
# plugin, the runner's code, its Jobs, status, events and the StatefulSet scaled 3 -> 0 -> 3.
#
# Usage: scripts/demo.sh [--skip-build]     (Ctrl-C stops it; everything is removed at exit)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SKIP_BUILD=0
[[ "${1:-}" == "--skip-build" ]] && SKIP_BUILD=1

say() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

if ((SKIP_BUILD == 0)); then
  bash scripts/build-control-plane.sh >/dev/null
  say "building (mvn package, tests compiled but not run)"
  # the classpath in the same reactor build, so the modules come from this checkout, not ~/.m2
  mvn -q -B package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/demo.classpath
fi
# NEO4J_RESTORE_DEMO_CLASSPATH: the runner's test classpath, given by DemoIT (which runs this script)
if [[ -n "${NEO4J_RESTORE_DEMO_CLASSPATH:-}" ]]; then
  CP=$NEO4J_RESTORE_DEMO_CLASSPATH
else
  [[ -f runner/target/demo.classpath ]] \
    || { echo "demo: not built yet; run scripts/demo.sh without --skip-build" >&2; exit 1; }
  CP="$ROOT/runner/target/test-classes:$ROOT/runner/target/classes:$(cat runner/target/demo.classpath)"
fi
[[ -x plugin/target/kubectl-neo4j_restore ]] \
  || { echo "demo: plugin/target/kubectl-neo4j_restore missing; run scripts/demo.sh without --skip-build" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/neo4j-restore-demo.XXXXXX")"
export KUBECONFIG="$WORK/kubeconfig"
CLUSTER_PID=
cleanup() {
  if [[ -n "$CLUSTER_PID" ]]; then kill "$CLUSTER_PID" 2>/dev/null && wait "$CLUSTER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "starting the local control plane and the fake kubelet (cluster log: $WORK/cluster.log)"
java -cp "$CP" -Dneo4jrestore.repo.root="$ROOT" io.neo4jrestore.runner.it.DemoCluster \
  "$KUBECONFIG" "$WORK/cluster" >"$WORK/cluster.log" 2>&1 &
CLUSTER_PID=$!
for _ in $(seq 1 240); do
  grep -q '^READY' "$WORK/cluster.log" 2>/dev/null && break
  kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$WORK/cluster.log" >&2; echo "demo: the cluster did not start (above)" >&2; exit 1; }
  sleep 0.5
done
grep -q '^READY' "$WORK/cluster.log" || { tail -20 "$WORK/cluster.log" >&2; echo "demo: the cluster did not start in 120 s" >&2; exit 1; }
kubectl config set-context --current --namespace=demo >/dev/null
export PATH="$ROOT/plugin/target:$PATH"

say "the target, as the Neo4j operator made it"
kubectl get neo4jenterpriseclusters,statefulsets,pods,neo4jbackups

say "kubectl neo4j-restore install"
kubectl neo4j-restore install

say "kubectl neo4j-restore create movies-restore --target prod --database movies --source-type backup --backup-ref nightly --backup-path movies-nightly --force --stop-cluster --wait"
kubectl neo4j-restore create movies-restore --target prod --database movies \
  --source-type backup --backup-ref nightly --backup-path movies-nightly \
  --force --stop-cluster --wait

say "kubectl neo4j-restore describe movies-restore"
kubectl neo4j-restore describe movies-restore

say "kubectl neo4j-restore logs movies-restore --tail 15"
kubectl neo4j-restore logs movies-restore --tail 15

say "the target afterwards: back at 3 servers"
kubectl get statefulset prod-server
