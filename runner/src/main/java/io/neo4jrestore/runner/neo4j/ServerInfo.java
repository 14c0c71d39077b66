package io.neo4jrestore.runner.neo4j;

import java.util.Objects;

/**
 * One row of {@code SHOW SERVERS}. {@code serverId} is what seeding options take; {@code address}
 * is the server's advertised Bolt address ({@code host:port}), the only safe way to find the server
 * that runs in a given pod ({@code name} defaults to the id and can be renamed by anyone).
 *
 * @param state {@code Enabled}, {@code Free}, {@code Cordoned}, {@code Deallocating}, ...
 * @param health {@code Available}, {@code Unavailable}, ...
 */
public record ServerInfo(
    String serverId, String name, String address, String state, String health) {
  public ServerInfo {
    Objects.requireNonNull(serverId, "serverId");
  }

  /** True when the server takes part in the cluster and answers: it can seed a database. */
  public boolean isUsable() {
    return "Enabled".equalsIgnoreCase(state) && "Available".equalsIgnoreCase(health);
  }

  /**
   * Compares a {@code host:port} address the way Kubernetes DNS does: host names are
   * case-insensitive, ports must be equal.
   */
  public boolean hasAddress(String hostAndPort) {
    return address != null
        && hostAndPort != null
        && address.trim().equalsIgnoreCase(hostAndPort.trim());
  }

  @Override
  public String toString() {
    return serverId + " (" + address + ", " + state + ", " + health + ")";
  }
}
