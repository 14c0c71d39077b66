package io.neo4jrestore.plugin.logs;

import java.io.IOException;

/** An open pods/log response, line by line. Always closed by whoever opened it. */
public interface LogStream extends AutoCloseable {
  /**
   * The next line ({@code <RFC3339Nano timestamp> <text>}), or null when the response ended.
   *
   * @throws IOException the connection broke
   */
  String next() throws IOException;

  @Override
  void close();
}
