package io.neo4jrestore.e2e;

import io.neo4jrestore.testenv.neo4j.StandInBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A k3s test class: one namespace of its own (one of {@link K3sExtension#NAMESPACES}), its targets
 * made in {@link #setUp()} and removed after its tests (their volumes stay), backups on the claim
 * {@code backups}.
 */
@ExtendWith(K3sExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class K3sTest {
  protected E2e e2e;
  protected Targets targets;
  protected Restores restores;
  private final String namespace;
  private final List<Targets.Target> made = new ArrayList<>();

  protected K3sTest(String namespace) {
    this.namespace = namespace;
  }

  /** This class's namespace. */
  protected final String namespace() {
    return namespace;
  }

  /** {@code hours} ago, to the second: when a test's backups were taken. */
  protected static Instant hoursAgo(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(hours));
  }

  /** Makes the targets and backups the tests use. */
  protected abstract void setUp() throws Exception;

  @BeforeAll
  final void connect(E2e e2e) throws Exception {
    this.e2e = e2e;
    this.targets = new Targets(e2e, made::add);
    this.restores = new Restores(e2e);
    setUp();
  }

  @AfterAll
  final void removeTargets() {
    if (targets != null) {
      made.forEach(targets::remove);
    }
  }

  /** Stand-in artifacts on the claim {@code backups} under {@code folder}; returns their files. */
  protected List<Path> backups(String folder, StandInBackup... artifacts) throws Exception {
    List<Path> files = targets.artifacts(artifacts);
    targets.backupVolume(namespace(), "backups", Map.of(folder, files));
    return files;
  }

  /** A {@code spec.source} reading {@code artifact} from the claim {@code backups}. */
  protected static String pvcSource(String folder, Path artifact) {
    return """
          source:
            type: storage
            storage: {type: pvc, pvc: {name: backups}, path: %s}
            backupPath: %s
        """
        .formatted(folder, artifact.getFileName());
  }

  /** {@code kubectl neo4j-restore create -f} of a restore in this namespace. */
  protected void create(String name, String target, String database, String more) throws Exception {
    restores.create(
        namespace(),
        """
        apiVersion: neo4j.neo4j.com/v1alpha1
        kind: Neo4jRestore
        metadata: {name: %s}
        spec:
          targetCluster: %s
          databaseName: %s
        %s"""
            .formatted(name, target, database, more));
  }
}
