package io.neo4jrestore.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import io.neo4jrestore.runner.job.BackupVerification.Problem;
import io.neo4jrestore.runner.job.BackupVerification.Refused;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On fixtures of {@code backup inspect} tables in {@code golden/inspect/} (see its README). */
class BackupVerificationTest {
  private static final List<Entry> ORDERS =
      BackupInspectParser.parse(Golden.read("inspect/orders-folder-5.26.txt"));
  private static final List<Entry> GAP =
      BackupInspectParser.parse(Golden.read("inspect/orders-chain-with-gap-5.26.txt"));

  private static BackupVerification.Request request(
      List<Entry> listing, List<String> pinned, String db, Instant until) {
    return new BackupVerification.Request(listing, pinned, db, "/backup", until);
  }

  private static Refused refused(BackupVerification.Request r) {
    return assertThrows(Refused.class, () -> BackupVerification.verify(r));
  }

  @Test
  void a_differential_file_is_verified_with_its_chain_back_to_the_full_backup() throws Refused {
    List<Entry> chain =
        BackupVerification.verify(
            request(ORDERS, List.of("/backup/orders-2025-01-04T12-00-03.backup"), "orders", null));

    assertEquals(List.of(1L, 42L, 58L), chain.stream().map(Entry::lowestTransactionId).toList());
    assertEquals(true, chain.get(0).full());
  }

  @Test
  void a_folder_resolved_by_neo4j_is_verified_as_the_listed_chain() throws Refused {
    List<Entry> chain = BackupVerification.verify(request(ORDERS, List.of(), "ORDERS", null));
    assertEquals(3, chain.size());
    assertEquals(63L, chain.get(2).highestTransactionId());
  }

  @Test
  void an_artifact_the_listing_lacks_is_missing() {
    Refused r = refused(request(ORDERS, List.of("/backup/orders-2024.backup"), "orders", null));
    assertEquals(Problem.MISSING, r.problem());
    assertTrue(r.getMessage().contains("/backup/orders-2024.backup is missing"), r.getMessage());
  }

  @Test
  void a_folder_without_the_database_is_missing_and_names_what_it_holds() {
    Refused r = refused(request(ORDERS, List.of(), "movies", null));
    assertEquals(Problem.MISSING, r.problem());
    assertTrue(r.getMessage().contains("[orders]"), r.getMessage());
  }

  @Test
  void an_artifact_of_another_database_is_refused() {
    Refused r =
        refused(
            request(
                GAP, List.of("s3://acme/neo4j/movies-2025-01-04T12-00-09.backup"), "orders", null));
    assertEquals(Problem.OTHER_DATABASE, r.problem());
    assertTrue(r.getMessage().contains("holds database movies, not orders"), r.getMessage());
  }

  @Test
  void a_gap_in_the_transaction_ids_is_a_broken_chain() {
    Refused r =
        refused(
            request(
                GAP, List.of("s3://acme/neo4j/orders-2025-01-04T12-00-03.backup"), "orders", null));
    assertEquals(Problem.BROKEN_CHAIN, r.problem());
    assertTrue(r.getMessage().contains("transaction 59"), r.getMessage());
  }

  @Test
  void a_listed_chain_with_a_gap_is_broken_between_the_two_artifacts() {
    Refused r = refused(request(GAP, List.of(), "orders", null));
    assertEquals(Problem.BROKEN_CHAIN, r.problem());
    assertTrue(r.getMessage().contains("up to transaction 57"), r.getMessage());
  }

  @Test
  void a_restore_until_time_outside_the_chain_is_out_of_range() throws Refused {
    List<String> file = List.of("/backup/orders-2025-01-04T12-00-03.backup");
    Refused before =
        refused(request(ORDERS, file, "orders", Instant.parse("2025-01-03T22:00:00Z")));
    assertEquals(Problem.OUT_OF_RANGE, before.problem());
    assertTrue(before.getMessage().contains("before the full backup"), before.getMessage());
    Refused after = refused(request(ORDERS, file, "orders", Instant.parse("2025-01-04T12:30:00Z")));
    assertTrue(after.getMessage().contains("after the newest artifact"), after.getMessage());
    assertEquals(
        3,
        BackupVerification.verify(
                request(ORDERS, file, "orders", Instant.parse("2025-01-04T06:00:00Z")))
            .size());
  }
}
