package io.neo4jrestore.runner.stage;

/** A staging or packing failure; the message names the file and what to do. */
public final class StageException extends Exception {
  public StageException(String message) {
    super(message);
  }

  public StageException(String message, Throwable cause) {
    super(message, cause);
  }
}
