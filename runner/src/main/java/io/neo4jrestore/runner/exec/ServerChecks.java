package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.neo4jrestore.api.Reasons;
import io.neo4jrestore.api.json.ApiMapper;
import io.neo4jrestore.api.model.RestoreHooks;
import io.neo4jrestore.runner.common.RestoreFailure;
import io.neo4jrestore.runner.hook.Redaction;

/**
 * Objects the runner builds from spec fields the CRD leaves to Kubernetes (hook containers: image,
 * env names, {@code valueFrom} references, field paths; the identity ServiceAccount's annotations,
 * checked where it is made, {@link WorkloadIdentity}) are sent to the API server as a dry run
 * before anything changes, so the server's own rules, in its own version, refuse them now instead
 * of after the target was stopped or restored. Env values in the server's message are masked as
 * everywhere else.
 */
final class ServerChecks {
  private ServerChecks() {}

  static void run(RunContext c) throws Exception {
    for (HookRunner.Phase phase : HookRunner.Phase.values()) {
      RestoreHooks hooks = phase.of(c);
      if (hooks == null || hooks.job() == null) {
        continue;
      }
      var job = HookRunner.build(c, phase, hooks.job(), Reasons.INVALID_SPEC);
      String field = "spec.options." + phase.field + ".job";
      try {
        c.cluster().dryRunJob(c.namespace(), job);
      } catch (ApiException e) {
        throw refused(
            e, "the " + phase.label + " hook Job", field, HookRunner.envValues(hooks.job()));
      }
    }
  }

  /** The auto-created identity ServiceAccount as a dry run ({@link WorkloadIdentity}). */
  static void identity(
      RunContext c,
      io.neo4jrestore.runner.source.SourceResolver.AutoCreated account,
      io.kubernetes.client.openapi.models.V1OwnerReference owner)
      throws Exception {
    try {
      c.cluster()
          .createIdentityServiceAccount(
              c.namespace(), account.name(), account.annotations(), owner, true);
    } catch (ApiException e) {
      throw refused(
          e,
          "the workload-identity ServiceAccount " + account.name(),
          account.field(),
          java.util.List.of());
    }
  }

  /** A refusal (400, 422) names the field to fix; anything else goes to the caller's handling. */
  private static Exception refused(
      ApiException e, String what, String field, java.util.List<String> secrets) {
    if (e.getCode() != 400 && e.getCode() != 422) {
      return e;
    }
    return new RestoreFailure(
        Reasons.INVALID_SPEC,
        what
            + " is refused by the API server (dry run, nothing was created): "
            + Redaction.scrub(statusMessage(e), secrets)
            + "; fix "
            + field);
  }

  private static String statusMessage(ApiException e) {
    try {
      JsonNode status = ApiMapper.json().readTree(e.getResponseBody());
      String message = status.path("message").asText("");
      return message.isEmpty() ? "HTTP " + e.getCode() : message;
    } catch (Exception notJson) {
      return "HTTP " + e.getCode();
    }
  }
}
