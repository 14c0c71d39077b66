package io.neo4jrestore.plugin;

/** {@code -v}: set while parsing, read when reporting. One per command line. */
public final class Verbosity {
  private int level;

  public int level() {
    return level;
  }

  public void level(int level) {
    this.level = level;
  }
}
