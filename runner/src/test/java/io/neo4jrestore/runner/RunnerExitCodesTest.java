package io.neo4jrestore.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neo4jrestore.api.RunnerExit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunnerExitCodesTest {
  @Test
  void a_usage_error_exits_with_the_tables_usage_code() {
    assertEquals(CommandLine.ExitCode.USAGE, RunnerExit.USAGE.code());
    assertEquals(
        RunnerExit.USAGE.code(),
        RunnerMain.commandLine()
            .setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
            .execute("--no-such-flag"));
  }
}
