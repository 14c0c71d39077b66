package io.neo4jrestore.plugin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real kubectl completes `kubectl neo4j-restore ...` through kubectl_complete-neo4j_restore. */
class CompletionIT {
  @Test
  void kubectl_plugin_completion_offers_the_plugins_commands() throws Exception {
    Path target = Kubectl.TARGET;
    ProcessBuilder pb = new ProcessBuilder("kubectl", "__complete", "neo4j-restore", "de");
    pb.environment().put("PATH", target + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(false);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("delete\ndescribe\n"), out);
  }
}
