package io.neo4jrestore.runner.job;

import io.neo4jrestore.api.validation.DatabaseNames;
import io.neo4jrestore.runner.job.BackupInspectParser.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of {@code options.verifyBackup} on what {@code neo4j-admin backup inspect} listed
 * (pure). The restore's artifacts must be listed, hold the restored database, and form an unbroken
 * chain: a full backup, then differential ones whose transaction ranges follow each other without a
 * gap. A {@code --restore-until} time must lie between the full backup and the newest artifact.
 *
 * <p>Backups do not record the Neo4j version that wrote them, so "readable by the target's version"
 * is decided by running {@code backup inspect} in the target's own image: an artifact it cannot
 * read fails that Job (see {@code VerifyBackupStep}), not these checks.
 */
public final class BackupVerification {
  private BackupVerification() {}

  /** Why the artifacts were refused. */
  public enum Problem {
    MISSING,
    OTHER_DATABASE,
    BROKEN_CHAIN,
    OUT_OF_RANGE
  }

  /** A refusal: the problem and a message that names the artifact and what to do next. */
  public static final class Refused extends Exception {
    private final Problem problem;

    Refused(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /**
   * What is checked.
   *
   * @param listing what {@code backup inspect} printed, parsed
   * @param pinned the artifact paths the restore will use, oldest first; empty for a folder that
   *     Neo4j resolves itself (then {@code listing} is that database's latest chain)
   * @param database the database the backup must hold
   * @param folder where the artifacts were listed, for messages
   * @param restoreUntil the {@code --restore-until} instant, or null
   */
  public record Request(
      List<Entry> listing,
      List<String> pinned,
      String database,
      String folder,
      Instant restoreUntil) {}

  /** The chain the restore will read, oldest first; refused when a check fails. */
  public static List<Entry> verify(Request r) throws Refused {
    List<Entry> sameDatabase = r.listing().stream().filter(e -> same(e, r.database())).toList();
    List<Entry> chain;
    if (r.pinned().isEmpty()) {
      chain = BackupInspectParser.inChainOrder(sameDatabase);
      if (chain.isEmpty()) {
        throw new Refused(
            Problem.MISSING,
            "no backup of database "
                + r.database()
                + " in "
                + r.folder()
                + otherDatabases(r.listing())
                + "; check spec.source");
      }
    } else {
      List<Entry> pinned = new ArrayList<>();
      for (String path : r.pinned()) {
        Entry e =
            find(r.listing(), path)
                .orElseThrow(
                    () ->
                        new Refused(
                            Problem.MISSING,
                            "backup artifact "
                                + path
                                + " is missing: neo4j-admin backup inspect does not list it in "
                                + r.folder()
                                + "; check spec.source.backupPath"));
        if (!same(e, r.database())) {
          throw new Refused(
              Problem.OTHER_DATABASE,
              "backup artifact "
                  + path
                  + " holds database "
                  + e.database()
                  + ", not "
                  + r.database()
                  + "; name a backup of "
                  + r.database()
                  + " in spec.source");
        }
        pinned.add(e);
      }
      chain = chainEndingAt(pinned.get(pinned.size() - 1), sameDatabase);
      for (Entry p : pinned) {
        if (!chain.contains(p)) {
          throw new Refused(
              Problem.BROKEN_CHAIN,
              "backup artifact "
                  + p.path()
                  + " is not part of the chain that ends at "
                  + chain.get(chain.size() - 1).path());
        }
      }
    }
    checkContinuity(chain, r.folder());
    checkRange(chain, r.restoreUntil());
    return chain;
  }

  /** The artifact and, walking back by transaction ids, its predecessors up to a full backup. */
  static List<Entry> chainEndingAt(Entry last, List<Entry> candidates) {
    List<Entry> chain = new ArrayList<>();
    chain.add(last);
    Entry current = last;
    while (!current.full()) {
      long wanted = current.lowestTransactionId() - 1;
      Optional<Entry> previous =
          candidates.stream()
              .filter(e -> e != last && !chain.contains(e))
              .filter(e -> e.highestTransactionId() == wanted)
              .findFirst();
      if (previous.isEmpty()) {
        break;
      }
      chain.add(0, previous.get());
      current = previous.get();
    }
    return List.copyOf(chain);
  }

  private static void checkContinuity(List<Entry> chain, String folder) throws Refused {
    Entry first = chain.get(0);
    if (!first.full()) {
      throw new Refused(
          Problem.BROKEN_CHAIN,
          "the chain is broken: differential artifact "
              + first.path()
              + " (transactions "
              + first.lowestTransactionId()
              + "-"
              + first.highestTransactionId()
              + ") has no full backup or artifact ending at transaction "
              + (first.lowestTransactionId() - 1)
              + " before it in "
              + folder
              + "; restore from a complete chain (or a full backup)");
    }
    for (int i = 1; i < chain.size(); i++) {
      Entry prev = chain.get(i - 1);
      Entry next = chain.get(i);
      if (next.lowestTransactionId() != prev.highestTransactionId() + 1) {
        throw new Refused(
            Problem.BROKEN_CHAIN,
            "the chain is broken between "
                + prev.path()
                + " (up to transaction "
                + prev.highestTransactionId()
                + ") and "
                + next.path()
                + " (from transaction "
                + next.lowestTransactionId()
                + "); restore from a complete chain");
      }
    }
  }

  private static void checkRange(List<Entry> chain, Instant until) throws Refused {
    if (until == null) {
      return;
    }
    Entry first = chain.get(0);
    Entry last = chain.get(chain.size() - 1);
    if (until.isBefore(Instant.parse(first.time()))) {
      throw new Refused(
          Problem.OUT_OF_RANGE,
          "pointInTime "
              + until
              + " is before the full backup "
              + first.path()
              + " ("
              + first.time()
              + "): the chain cannot go back that far; pick a later time or an older backup");
    }
    if (until.isAfter(Instant.parse(last.time()))) {
      throw new Refused(
          Problem.OUT_OF_RANGE,
          "pointInTime "
              + until
              + " is after the newest artifact "
              + last.path()
              + " ("
              + last.time()
              + "): the chain ends earlier; pick an earlier time or a newer backup");
    }
  }

  private static Optional<Entry> find(List<Entry> listing, String path) {
    String name = fileName(path);
    return listing.stream()
        .filter(e -> e.path().equals(path) || fileName(e.path()).equals(name))
        .findFirst();
  }

  private static String fileName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static boolean same(Entry e, String database) {
    return DatabaseNames.sameDatabase(e.database(), database);
  }

  private static String otherDatabases(List<Entry> listing) {
    List<String> others = listing.stream().map(Entry::database).distinct().toList();
    return others.isEmpty() ? " (it lists no backup)" : " (it lists backups of " + others + ")";
  }
}
