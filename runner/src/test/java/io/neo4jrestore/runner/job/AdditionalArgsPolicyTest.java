package io.neo4jrestore.runner.job;

import static io.neo4jrestore.runner.job.Fixtures.V2025_04;
import static io.neo4jrestore.runner.job.Fixtures.V2025_08;
import static io.neo4jrestore.runner.job.Fixtures.V5_26;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.api.validation.RestoreValidator;
import io.neo4jrestore.api.validation.Violation;
import io.neo4jrestore.runner.neo4j.Neo4jVersion;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdditionalArgsPolicyTest {

  static Stream<Neo4jVersion> versions() {
    return Stream.of(
        V5_26, Fixtures.V2025_01, V2025_04, V2025_08, Neo4jVersion.parseTag("2026.01.0"));
  }

  @Test
  void no_arguments_are_fine() {
    assertEquals(List.of(), AdditionalArgsPolicy.check(null, V5_26));
    assertEquals(List.of(), AdditionalArgsPolicy.check(List.of(), V2025_04));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void accepts_verbose_and_to_path_flags_that_stay_on_the_data_volume(Neo4jVersion version) {
    assertEquals(
        List.of(),
        AdditionalArgsPolicy.check(
            List.of(
                "--verbose", "--to-path-data=/data/databases", "--to-path-txn=/data/transactions"),
            version));
    assertEquals(
        List.of("--verbose", "--to-path-data", "--to-path-txn"),
        AdditionalArgsPolicy.allowedFlags(version));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--expand-commands",
        "--expand-commands=true",
        "--additional-config=/tmp/evil.conf",
        "--additional-config"
      })
  void refuses_flags_that_allow_command_execution(String arg) {
    Violation v = single(arg, V2025_04);
    assertTrue(v.message().contains("command execution"), v.message());
    assertTrue(v.message().contains("\"" + arg + "\""), v.message());
  }

  static Stream<Arguments> runnerOwned() {
    return Stream.of(
        Arguments.of("--from-path=s3://elsewhere/x.backup", "spec.source"),
        Arguments.of("--overwrite-destination", "spec.force"),
        Arguments.of("--overwrite-destination=true", "replaceExisting"),
        Arguments.of("--restore-until=2025-01-04 12:30:00", "pointInTime"),
        Arguments.of("--temp-path=/tmp", "scratch volume"),
        Arguments.of("--source-database=neo4j", "spec.source"));
  }

  @ParameterizedTest
  @MethodSource("runnerOwned")
  void refuses_each_flag_the_runner_sets_and_says_which_field_to_use(String arg, String hint) {
    for (Neo4jVersion version : List.of(V5_26, V2025_08)) {
      Violation v = single(arg, version);
      assertTrue(v.message().contains("set by the runner"), v.message());
      assertTrue(v.message().contains(hint), v.message());
    }
  }

  @Test
  void the_runner_owned_flags_are_exactly_the_shared_validators() {
    for (String flag : RestoreValidator.RUNNER_OWNED_FLAGS) {
      assertTrue(single(flag + "=x", V2025_04).message().contains("set by the runner"));
    }
    for (String flag : RestoreValidator.FORBIDDEN_FLAGS) {
      assertTrue(single(flag, V2025_04).message().contains("command execution"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--check-consistency", "--check-consistency=true"})
  void refuses_check_consistency_saying_it_is_not_a_restore_flag_and_pointing_at_database_check(
      String arg) {
    Violation v = single(arg, V5_26);
    assertTrue(
        v.message().contains("is not an option of neo4j-admin database restore"), v.message());
    assertTrue(v.message().contains("neo4j-admin database check"), v.message());
    assertTrue(v.message().contains("Remove it"), v.message());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--parallel-recovery",
        "--filter=nodes",
        "--Verbose",
        "--verbose ",
        "--to-path=/data",
        "-v",
        "--info"
      })
  void refuses_flags_restore_does_not_accept_and_lists_the_allowed_ones(String arg) {
    Violation v = single(arg, V2025_04);
    assertTrue(
        v.message().contains("is not a flag neo4j-admin database restore accepts"), v.message());
    assertTrue(
        v.message().contains("allowed: --verbose, --to-path-data, --to-path-txn"), v.message());
  }

  @Test
  void refuses_flags_from_neo4j_4_with_what_to_set_instead() {
    assertTrue(single("--force", V5_26).message().contains("spec.force"));
    assertTrue(single("--database=orders", V5_26).message().contains("spec.databaseName"));
    assertTrue(single("--from=backup:6362", V5_26).message().contains("spec.source"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help"})
  void refuses_help_which_would_exit_without_restoring(String arg) {
    assertTrue(single(arg, V5_26).message().contains("without restoring"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "/data/databases", "true", "@/etc/args"})
  void refuses_positional_arguments(String arg) {
    Violation v = single(arg, V5_26);
    assertTrue(v.message().contains("is not a flag"), v.message());
    assertTrue(v.message().contains("spec.databaseName"), v.message());
  }

  @Test
  void needs_the_value_of_a_path_flag_in_the_same_argument() {
    List<Violation> problems =
        AdditionalArgsPolicy.check(List.of("--to-path-data", "/data/databases"), V5_26);
    assertEquals(2, problems.size());
    assertTrue(problems.get(0).message().contains("--to-path-data=/data/<dir>"));
    assertTrue(problems.get(1).message().contains("is not a flag"));
    assertTrue(single("--to-path-txn=", V5_26).message().contains("same argument"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--to-path-data=/tmp/databases",
        "--to-path-data=databases",
        "--to-path-data=/data/../etc",
        "--to-path-txn=/database",
        "--to-path-txn=/data/a,/data/b"
      })
  void refuses_path_flags_that_leave_the_data_volume(String arg) {
    assertTrue(single(arg, V2025_04).message().contains("under /data"));
  }

  @Test
  void refuses_a_value_on_verbose() {
    assertTrue(single("--verbose=true", V5_26).message().contains("takes no value"));
  }

  @Test
  void refuses_a_flag_given_twice() {
    List<Violation> problems = AdditionalArgsPolicy.check(List.of("--verbose", "--verbose"), V5_26);
    assertEquals(1, problems.size());
    assertEquals("spec.options.additionalArgs[1]", problems.get(0).field());
    assertTrue(problems.get(0).message().contains("give it once"));
  }

  @Test
  void refuses_control_characters_and_shows_them_escaped() {
    Violation v = single("--verbose\n--expand-commands", V5_26);
    assertTrue(v.message().contains("control character"), v.message());
    assertTrue(v.message().contains("\"--verbose\\n--expand-commands\""), v.message());
    assertTrue(single("--to-path-data=/data/a\tb", V5_26).message().contains("control character"));
  }

  @Test
  void refuses_empty_and_null_arguments() {
    List<Violation> problems = AdditionalArgsPolicy.check(Arrays.asList("", null), V5_26);
    assertEquals(2, problems.size());
  }

  @Test
  void reports_every_problem_with_the_index_of_its_argument() {
    List<Violation> problems =
        AdditionalArgsPolicy.check(
            List.of(
                "--verbose",
                "--check-consistency",
                "--to-path-data=/data/databases",
                "--expand-commands",
                "--temp-path=/x"),
            V2025_04);
    assertEquals(
        List.of(
            "spec.options.additionalArgs[1]",
            "spec.options.additionalArgs[3]",
            "spec.options.additionalArgs[4]"),
        problems.stream().map(Violation::field).toList());
  }

  private static Violation single(String arg, Neo4jVersion version) {
    List<Violation> problems = AdditionalArgsPolicy.check(List.of(arg), version);
    assertEquals(1, problems.size(), () -> arg + " -> " + problems);
    assertEquals("spec.options.additionalArgs[0]", problems.get(0).field());
    return problems.get(0);
  }
}
