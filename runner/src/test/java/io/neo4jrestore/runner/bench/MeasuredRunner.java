package io.neo4jrestore.runner.bench;

import io.neo4jrestore.runner.RunnerMain;

/** The production runner ({@link RunnerMain}), printing its {@link MemoryReport} at exit. */
public final class MeasuredRunner {
  private MeasuredRunner() {}

  public static void main(String[] args) {
    MemoryReport.install();
    RunnerMain.main(args);
  }
}
