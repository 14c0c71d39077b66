package io.neo4jrestore.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.neo4jrestore.api.json.ApiMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls the shipped runner Role grants ({@code crds/runner-rbac.yaml}, Role {@code
 * neo4j-restore-runner}): every call a restore may make. A plan compares them with what its own
 * identity may do in the namespace (a SelfSubjectRulesReview), so a Role that is older, edited or
 * missing is found before the restore starts. Pure but for reading the shipped file.
 */
final class RunnerRole {
  static final String RESOURCE = "/io/neo4jrestore/crds/runner-rbac.yaml";
  static final String ROLE = "neo4j-restore-runner";

  private RunnerRole() {}

  /** One permission: {@code verb} on {@code resource} (with its subresource) of {@code group}. */
  record Grant(String group, String resource, String verb) {
    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
    }
  }

  /** Every grant of the shipped Role, in its order. */
  static List<Grant> shipped() {
    return shipped(RESOURCE, ROLE);
  }

  /**
   * The grant only a drill in another namespace uses (its finalizer on the restore): a restore
   * never needs it, so a plan does not ask for it of a Role installed before drills had it.
   */
  static final Grant DRILL_FINALIZER = new Grant("neo4j.neo4j.com", "neo4jrestores", "patch");

  /** The grants a restore may use: the shipped Role's but {@link #DRILL_FINALIZER}. */
  static List<Grant> forRestores() {
    return shipped().stream().filter(g -> !g.equals(DRILL_FINALIZER)).toList();
  }

  /** Every grant of the Role {@code role} in the shipped manifest {@code resource}, in order. */
  static List<Grant> shipped(String resource, String role) {
    try (InputStream in = RunnerRole.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      List<Grant> grants = new ArrayList<>();
      var docs = ApiMapper.yaml().readerFor(JsonNode.class).<JsonNode>readValues(in);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null
            && "Role".equals(doc.path("kind").asText())
            && role.equals(doc.at("/metadata/name").asText())) {
          for (JsonNode rule : doc.path("rules")) {
            for (JsonNode g : rule.path("apiGroups")) {
              for (JsonNode r : rule.path("resources")) {
                for (JsonNode v : rule.path("verbs")) {
                  grants.add(new Grant(g.asText(), r.asText(), v.asText()));
                }
              }
            }
          }
        }
      }
      return grants;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The grants that {@code review} (a SelfSubjectRulesReview's {@code status}) does not cover. A
   * rule limited to {@code resourceNames} covers nothing here: the restore names objects the Role
   * cannot know.
   */
  static List<Grant> missing(List<Grant> needed, JsonNode review) {
    List<Grant> out = new ArrayList<>();
    for (Grant g : needed) {
      boolean covered = false;
      for (JsonNode rule : review.path("resourceRules")) {
        if (rule.path("resourceNames").size() > 0) {
          continue;
        }
        covered |=
            has(rule.path("apiGroups"), g.group())
                && has(rule.path("resources"), g.resource())
                && has(rule.path("verbs"), g.verb());
      }
      if (!covered) {
        out.add(g);
      }
    }
    return out;
  }

  private static boolean has(JsonNode values, String wanted) {
    for (JsonNode v : values) {
      String s = v.asText();
      if (s.equals("*") || s.equals(wanted)) {
        return true;
      }
      // "jobs/*" covers every subresource, "*/scale" a subresource of every resource
      int slash = wanted.indexOf('/');
      if (slash > 0
          && (s.equals(wanted.substring(0, slash) + "/*")
              || s.equals("*" + wanted.substring(slash)))) {
        return true;
      }
    }
    return false;
  }
}
