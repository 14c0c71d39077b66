package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.ResourceNames;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.target.Target;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A drill in another namespace ({@code spec.drill.namespace}, docs/drills.md), checked before the
 * drill creates anything: the runner may do there what the drill Role grants (a
 * SelfSubjectRulesReview compared with the shipped Role), and everything the restore Job and the
 * server refer to can be had there: each Secret it names exists in that namespace (the user copies
 * cloud credentials there; the production admin Secret is never needed: the server gets generated
 * credentials), no claim but the drill's own (claims cannot be mounted across namespaces), and the
 * permission-less workload ServiceAccount (a workload identity is bound to the restore's
 * namespace).
 */
final class DrillNamespace {
  /** The Role {@code kubectl neo4j-restore install --drill-namespace} makes there. */
  static final String RESOURCE = "/io/neo4jrestore/crds/drill-namespace-rbac.yaml";

  static final String ROLE = "neo4j-restore-drill";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private DrillNamespace() {}

  /** Refuses ({@code PermissionMissing}, {@code CredentialsMissing}, {@code InvalidSpec}). */
  static void check(RunContext c, V1Job restoreJob, Target server) throws Exception {
    String d = server.namespace();
    String install =
        "kubectl neo4j-restore install --drill-namespace "
            + d
            + " --managed-namespace "
            + c.namespace();
    Optional<JsonNode> review = c.cluster().rulesReview(d);
    if (review.isPresent()) {
      List<RunnerRole.Grant> missing =
          RunnerRole.missing(RunnerRole.shipped(RESOURCE, ROLE), review.get());
      if (!missing.isEmpty()) {
        throw new RestoreFailure(
            Reasons.PERMISSION_MISSING,
            "the runner may not make the drill's objects in namespace "
                + d
                + " (spec.drill.namespace): missing "
                + missing.stream().map(RunnerRole.Grant::toString).toList()
                + "; run: "
                + install
                + ", then retry: "
                + c.retryCommand());
      }
    }
    V1PodSpec pod = restoreJob.getSpec().getTemplate().getSpec();
    String account = pod.getServiceAccountName();
    if (account != null && !ResourceNames.unprivilegedServiceAccount().equals(account)) {
      throw new RestoreFailure(
          Reasons.INVALID_SPEC,
          "the restore Job of a drill in namespace "
              + d
              + " would run as ServiceAccount "
              + account
              + " (a workload identity), which is bound to namespace "
              + c.namespace()
              + "; use a credentials Secret for the drill, or drill in "
              + c.namespace());
    }
    List<String> claims = new ArrayList<>();
    for (V1Volume v : pod.getVolumes() == null ? List.<V1Volume>of() : pod.getVolumes()) {
      if (v.getPersistentVolumeClaim() != null
          && !server.dataPvc(0).equals(v.getPersistentVolumeClaim().getClaimName())) {
        claims.add(v.getPersistentVolumeClaim().getClaimName());
      }
    }
    if (!claims.isEmpty()) {
      throw new RestoreFailure(
          Reasons.INVALID_SPEC,
          "a drill in namespace "
              + d
              + " cannot read claim(s) "
              + claims
              + " of namespace "
              + c.namespace()
              + ": a pod mounts claims of its own namespace only. Drill in "
              + c.namespace()
              + " (remove spec.drill.namespace), or restore from cloud storage");
    }
    List<String> missing = new ArrayList<>();
    for (String secret : secrets(pod)) {
      if (!secret.equals(server.adminSecret()) && c.cluster().secret(d, secret).isEmpty()) {
        missing.add(secret);
      }
    }
    if (!missing.isEmpty()) {
      throw new RestoreFailure(
          Reasons.CREDENTIALS_MISSING,
          "the drill's restore Job runs in namespace "
              + d
              + " and needs Secret(s) "
              + missing
              + " there: copy each from namespace "
              + c.namespace()
              + " with the same name and keys, then retry: "
              + c.retryCommand());
    }
  }

  /** Every Secret a pod names: environment, volumes and image pull Secrets. */
  static Set<String> secrets(V1PodSpec pod) {
    Set<String> names = new LinkedHashSet<>();
    List<V1Container> containers = new ArrayList<>();
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    containers.addAll(pod.getContainers());
    for (V1Container k : containers) {
      for (V1EnvVar e : k.getEnv() == null ? List.<V1EnvVar>of() : k.getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          names.add(e.getValueFrom().getSecretKeyRef().getName());
        }
      }
      for (V1EnvFromSource f :
          k.getEnvFrom() == null ? List.<V1EnvFromSource>of() : k.getEnvFrom()) {
        if (f.getSecretRef() != null) {
          names.add(f.getSecretRef().getName());
        }
      }
    }
    for (V1Volume v : pod.getVolumes() == null ? List.<V1Volume>of() : pod.getVolumes()) {
      if (v.getSecret() != null) {
        names.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null && v.getProjected().getSources() != null) {
        v.getProjected().getSources().stream()
            .filter(p -> p.getSecret() != null)
            .forEach(p -> names.add(p.getSecret().getName()));
      }
    }
    if (pod.getImagePullSecrets() != null) {
      pod.getImagePullSecrets().forEach(r -> names.add(r.getName()));
    }
    return names;
  }

  /** A password for a drill server's generated credentials: 32 letters and digits. */
  static char[] password() {
    char[] out = new char[32];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return out;
  }
}
