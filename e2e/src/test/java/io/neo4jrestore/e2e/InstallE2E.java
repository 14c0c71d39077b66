package io.neo4jrestore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl neo4j-restore install} into k3s ({@link K3sExtension} runs it once for the tier's
 * namespaces, as a user would): what it put there, that running it again changes nothing, and that
 * k3s's API server enforces its admission policy on Jobs that would act as the runner.
 */
@ExtendWith(K3sExtension.class)
class InstallE2E {
  @Test
  void install_put_the_crd_the_runner_rbac_the_dispatcher_and_the_policy_in_place(E2e e2e) {
    String out = e2e.install().out();
    for (String line :
        new String[] {
          "customresourcedefinition.apiextensions.k8s.io/neo4jrestores.neo4j.neo4j.com",
          "cronjob.batch/neo4j-restore-dispatcher",
          "validatingadmissionpolicy.admissionregistration.k8s.io/neo4j-restore-runner-jobs",
          "validatingadmissionpolicybinding.admissionregistration.k8s.io/neo4j-restore-runner-jobs"
        }) {
      assertTrue(out.contains(line), "install printed no " + line + ":\n" + e2e.install());
    }
    for (String ns : K3sExtension.NAMESPACES) {
      assertEquals(
          "neo4j-restore-runner",
          e2e.cli()
              .kubectlOk(
                  "get",
                  "serviceaccount",
                  "neo4j-restore-runner",
                  "-n",
                  ns,
                  "-o",
                  "jsonpath={.metadata.name}"));
    }
    assertEquals(
        e2e.images().runner(),
        e2e.cli()
            .kubectlOk(
                "get",
                "cronjob",
                "neo4j-restore-dispatcher",
                "-n",
                K3sExtension.INSTALL_NAMESPACE,
                "-o",
                "jsonpath={.spec.jobTemplate.spec.template.spec.containers[0].image}"));
  }

  /**
   * The spec's generation: the dispatcher CronJob's status (and resourceVersion) moves each minute.
   */
  @Test
  void running_install_again_changes_nothing(E2e e2e) {
    String crdGeneration = generation(e2e, "crd", "neo4jrestores.neo4j.neo4j.com", null);
    String cronJobGeneration =
        generation(e2e, "cronjob", "neo4j-restore-dispatcher", K3sExtension.INSTALL_NAMESPACE);
    Cli.Result again = e2e.cli().plugin(Duration.ofMinutes(2), K3sExtension.installArgs());
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(e2e.install().out(), again.out());
    assertEquals(crdGeneration, generation(e2e, "crd", "neo4jrestores.neo4j.neo4j.com", null));
    assertEquals(
        cronJobGeneration,
        generation(e2e, "cronjob", "neo4j-restore-dispatcher", K3sExtension.INSTALL_NAMESPACE));
  }

  /**
   * The API server enforces a new binding once its admission plugin has synced it (about a second,
   * longer on a loaded machine): server-side dry runs until it does, then the real create.
   */
  @Test
  void the_api_server_refuses_a_job_that_would_run_another_image_as_the_runner(E2e e2e)
      throws InterruptedException {
    String ns = K3sExtension.NAMESPACES.get(0);
    String job =
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: not-the-runner, namespace: %s}
        spec:
          template:
            spec:
              serviceAccountName: neo4j-restore-runner
              restartPolicy: Never
              containers:
                - {name: runner, image: %s, args: [run, --namespace, %s, --name, x]}
        """
            .formatted(ns, e2e.images().hook(), ns);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (e2e.cli().kubectlWithInput(job, "create", "--dry-run=server", "-f", "-").exitCode() == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    Cli.Result r = e2e.cli().kubectlWithInput(job, "create", "-f", "-");
    assertNotEquals(0, r.exitCode(), r.toString());
    assertTrue(
        r.err().contains("neo4j-restore-runner-jobs")
            && r.err().contains("must run only the runner image"),
        r.toString());
    assertTrue(
        e2e.cli().kubectl("get", "job", "not-the-runner", "-n", ns).exitCode() != 0,
        "nothing was created");
  }

  @Test
  void version_names_the_k3s_server_this_plugins_crd_and_the_dispatchers_image(E2e e2e) {
    Cli.Result r =
        e2e.cli().plugin(Duration.ofMinutes(1), "version", "-n", K3sExtension.INSTALL_NAMESPACE);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Server version: v1.35.1+k3s"), r.out());
    assertTrue(r.out().contains("(this plugin's)"), r.out());
    assertTrue(r.out().contains("starts runner image " + e2e.images().runner()), r.out());
    assertTrue(r.err().isBlank(), "no warnings: " + r.err());
  }

  private static String generation(E2e e2e, String kind, String name, String ns) {
    return ns == null
        ? e2e.cli().kubectlOk("get", kind, name, "-o", "jsonpath={.metadata.generation}")
        : e2e.cli().kubectlOk("get", kind, name, "-n", ns, "-o", "jsonpath={.metadata.generation}");
  }
}
