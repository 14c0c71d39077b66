package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.neo4jrestore.api.Labels;
import io.neo4jrestore.api.Phases;
import io.neo4jrestore.api.RestoreApi;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.Neo4jRestore;
import io.neo4jrestore.api.model.StepStatus;
import io.neo4jrestore.testenv.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Restores as a user drives them: created and followed through the plugin; read back. */
final class Restores {
  private final E2e e2e;

  Restores(E2e e2e) {
    this.e2e = e2e;
  }

  /** {@code kubectl neo4j-restore create -f FILE -n NS}; fails unless it exits 0. */
  Cli.Result create(String ns, String yaml) throws Exception {
    Path file = Files.createTempFile(e2e.work(), "restore-", ".yaml");
    Files.writeString(file, yaml);
    Cli.Result r =
        e2e.cli().plugin(Duration.ofMinutes(2), "create", "-f", file.toString(), "-n", ns);
    assertEquals(0, r.exitCode(), r.toString());
    return r;
  }

  /** {@code kubectl neo4j-restore watch NAME}: follows it to its end; returns what it printed. */
  Cli.Result watch(String ns, String name, Duration timeout) {
    return e2e.cli()
        .plugin(
            timeout.plusMinutes(1),
            "watch",
            name,
            "-n",
            ns,
            "--timeout",
            timeout.toSeconds() + "s");
  }

  /** {@code kubectl neo4j-restore logs NAME}. */
  Cli.Result logs(String ns, String name) {
    return e2e.cli().plugin(Duration.ofMinutes(2), "logs", name, "-n", ns);
  }

  Neo4jRestore read(String ns, String name) throws Exception {
    Object o =
        new CustomObjectsApi(e2e.k3s().admin())
            .getNamespacedCustomObject(
                RestoreApi.GROUP, RestoreApi.VERSION, ns, RestoreApi.PLURAL, name)
            .execute();
    return ApiMapper.json().convertValue(o, Neo4jRestore.class);
  }

  /** Waits until the restore has ended (Completed or Failed); returns it. */
  Neo4jRestore awaitEnd(String ns, String name, Duration timeout) throws Exception {
    Wait.until(
        "neo4jrestore " + ns + "/" + name + " to end",
        timeout,
        () -> {
          var s = read(ns, name).status();
          return s != null && Phases.isTerminal(s.phase());
        });
    return read(ns, name);
  }

  /** Waits until step {@code step} is in {@code state}. */
  void awaitStep(String ns, String name, String step, String state, Duration timeout) {
    Wait.until(
        "step " + step + " of " + ns + "/" + name + " to be " + state,
        timeout,
        () -> step(read(ns, name), step).map(s -> state.equals(s.state())).orElse(false));
  }

  static Optional<StepStatus> step(Neo4jRestore r, String step) {
    if (r.status() == null || r.status().steps() == null) {
      return Optional.empty();
    }
    return r.status().steps().stream().filter(s -> step.equals(s.name())).findFirst();
  }

  /** The Jobs of this restore with component {@code role} (runner, restore, verify, hook ...). */
  List<V1Job> jobs(String ns, String name, String role) throws Exception {
    return new BatchV1Api(e2e.k3s().admin())
        .listNamespacedJob(ns)
        .labelSelector(Labels.RESTORE + "=" + name + "," + Labels.COMPONENT + "=" + role)
        .execute()
        .getItems();
  }

  /** The pods of a Job. */
  List<V1Pod> pods(String ns, String job) throws Exception {
    return new CoreV1Api(e2e.k3s().admin())
        .listNamespacedPod(ns)
        .labelSelector("job-name=" + job)
        .execute()
        .getItems();
  }
}
