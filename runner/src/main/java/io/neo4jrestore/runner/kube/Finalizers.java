package io.neo4jrestore.runner.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link ClusterOps#finalizer} changes an object's finalizers (pure): the merge patch that adds
 * or removes one finalizer and keeps the others in their order.
 */
public final class Finalizers {
  private Finalizers() {}

  /**
   * The merge patch {@code {"metadata": {"finalizers": [...]}}} that gives {@code object} the
   * finalizer {@code name} ({@code present}) or takes it away; empty when it is already so. A merge
   * patch replaces the whole list: the caller decides how to guard against a concurrent change.
   */
  public static Optional<ObjectNode> patch(JsonNode object, String name, boolean present) {
    List<String> finalizers = of(object);
    if (finalizers.contains(name) == present) {
      return Optional.empty();
    }
    if (present) {
      finalizers.add(name);
    } else {
      finalizers.remove(name);
    }
    ObjectNode patch = ApiMapper.json().createObjectNode();
    finalizers.forEach(patch.putObject("metadata").putArray("finalizers")::add);
    return Optional.of(patch);
  }

  /** Whether {@code object} carries the finalizer {@code name}. */
  public static boolean has(JsonNode object, String name) {
    return of(object).contains(name);
  }

  private static List<String> of(JsonNode object) {
    List<String> finalizers = new ArrayList<>();
    object.at("/metadata/finalizers").forEach(f -> finalizers.add(f.asText()));
    return finalizers;
  }
}
