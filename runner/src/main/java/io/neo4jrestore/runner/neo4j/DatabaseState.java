package io.neo4jrestore.runner.neo4j;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code SHOW DATABASE $name} reports: one {@link Allocation} per server hosting the database
 * (one row on a standalone). A database is up only when {@link #allOnline() every} allocation is
 * online: the first online row says nothing about the copies still being seeded elsewhere.
 */
public record DatabaseState(String name, List<Allocation> allocations) {
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";
  public static final String QUARANTINED = "quarantined";

  public DatabaseState {
    allocations = List.copyOf(allocations);
  }

  /** True when there is at least one allocation and every one is online, as requested. */
  public boolean allOnline() {
    return !allocations.isEmpty() && allocations.stream().allMatch(Allocation::isOnline);
  }

  /** True when there is at least one allocation and every one is stopped, as requested. */
  public boolean allStopped() {
    return !allocations.isEmpty() && allocations.stream().allMatch(Allocation::isStopped);
  }

  public List<Allocation> notOnline() {
    return allocations.stream().filter(a -> !a.isOnline()).toList();
  }

  /** The allocations as {@code address (serverId): current/requested "message"}, for messages. */
  public String describe() {
    return allocations.isEmpty()
        ? "no allocations"
        : allocations.stream().map(Allocation::toString).collect(Collectors.joining("; "));
  }

  /**
   * One server's copy of the database.
   *
   * @param address the hosting server's Bolt address ({@code host:port})
   * @param serverId the hosting server's id when the server shows it
   * @param role {@code primary}, {@code secondary}, {@code unknown}
   * @param statusMessage why the copy is not as requested (empty when it is)
   */
  public record Allocation(
      String address,
      Optional<String> serverId,
      String currentStatus,
      String requestedStatus,
      String role,
      String statusMessage) {

    public boolean isOnline() {
      return ONLINE.equalsIgnoreCase(currentStatus) && ONLINE.equalsIgnoreCase(requestedStatus);
    }

    public boolean isStopped() {
      return OFFLINE.equalsIgnoreCase(currentStatus) && OFFLINE.equalsIgnoreCase(requestedStatus);
    }

    public boolean isQuarantined() {
      return QUARANTINED.equalsIgnoreCase(currentStatus);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.valueOf(address));
      serverId.ifPresent(id -> s.append(" (").append(id).append(')'));
      s.append(": ")
          .append(currentStatus)
          .append(" (requested ")
          .append(requestedStatus)
          .append(')');
      if (statusMessage != null && !statusMessage.isBlank()) {
        s.append(" \"").append(statusMessage.strip()).append('"');
      }
      return s.toString();
    }
  }
}
