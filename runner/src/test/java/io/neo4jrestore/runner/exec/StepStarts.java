package io.neo4jrestore.runner.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's log, kept whole, which runs an action once when the runner logs that a step started
 * ({@code "<step>: started"}): a fault armed there hits that step's calls, not an earlier step's.
 */
final class StepStarts extends ByteArrayOutputStream {
  private final Map<String, List<Runnable>> actions = new LinkedHashMap<>();
  private int scanned;

  /** Runs {@code action} when {@code step} next starts. */
  synchronized void on(String step, Runnable action) {
    actions.computeIfAbsent(step, s -> new ArrayList<>()).add(action);
  }

  @Override
  public synchronized void write(int b) {
    super.write(b);
    scan();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    super.write(b, off, len);
    scan();
  }

  /** Each complete line not seen yet: a step's start runs what waits for it. */
  private void scan() {
    for (int i = scanned; i < count; i++) {
      if (buf[i] == '\n') {
        String line = new String(buf, scanned, i - scanned, StandardCharsets.UTF_8).strip();
        scanned = i + 1;
        for (String step : List.copyOf(actions.keySet())) {
          if (line.endsWith(" " + step + ": started")) {
            actions.remove(step).forEach(Runnable::run);
          }
        }
      }
    }
  }
}
