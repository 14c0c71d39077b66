package io.neo4jrestore.runner;

import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.runner.dispatch.Dispatcher;
import io.neo4jrestore.runner.exec.RunnerExit;
import io.neo4jrestore.runner.kube.KubeClients;
import io.neo4jrestore.runner.kube.RawApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dispatch}: the CronJob's sweep that starts runner Jobs for applied resources. */
@Command(
    name = "dispatch",
    description = {
      "Start a runner Job for every Neo4jRestore whose current generation has no attempt yet"
          + " (resources applied with kubectl apply, Argo CD or Flux).",
      "",
      "Exit codes: 0 done, 4 the API server could not be reached (the next schedule retries)."
    })
public final class DispatchCommand implements Callable<Integer> {
  @Option(
      names = {"--namespace", "--namespaces"},
      split = ",",
      description = "Namespaces to sweep (repeatable or comma-separated); default: all namespaces.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--all-namespaces",
      description =
          "Sweep every namespace (the default without --namespaces; written out by install"
              + " --all-namespaces). Needs list on neo4jrestores cluster-wide.")
  boolean allNamespaces;

  @Option(
      names = "--runner-image",
      required = true,
      description = "Image of the runner Jobs it starts (the CronJob passes its own).")
  String runnerImage;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: KUBECONFIG, else in-cluster).")
  Path kubeconfig;

  @Override
  public Integer call() {
    if (allNamespaces && !namespaces.isEmpty()) {
      System.err.println("dispatch: --all-namespaces and --namespaces exclude each other");
      return RunnerExit.USAGE.code();
    }
    try {
      new Dispatcher(new RawApi(KubeClients.create(kubeconfig)), runnerImage, System.out)
          .sweep(namespaces);
      return RunnerExit.SUCCEEDED.code();
    } catch (ApiException e) {
      System.out.println("dispatch failed: HTTP " + e.getCode() + " " + e.getMessage());
      return RunnerExit.CANNOT_RUN.code();
    }
  }
}
