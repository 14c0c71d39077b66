package io.neo4jrestore.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** The root usage stored in the jar at build time is what picocli prints for --help. */
class RootUsageTest {
  private static String stored(String name) throws Exception {
    try (InputStream in = RootUsage.class.getResourceAsStream(name)) {
      assertNotNull(in, name + " was not rendered into the build (plugin/pom.xml, root-usage)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What picocli itself prints for {@code args}, with styles on or off. */
  private static String picocli(Ansi ansi, String... args) {
    CommandLine cmd = KubectlNeo4jRestore.commandLine(PluginContext.system(), args);
    cmd.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    assertEquals(0, cmd.execute(args));
    return out.toString();
  }

  @Test
  void the_stored_texts_are_picoclis_help_plain_and_styled() throws Exception {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {}}) {
      assertEquals(picocli(Ansi.OFF, args), stored(RootUsage.PLAIN), String.join(" ", args));
      assertEquals(picocli(Ansi.ON, args), stored(RootUsage.STYLED), String.join(" ", args));
    }
    assertTrue(stored(RootUsage.PLAIN).contains("Exit codes:"));
    assertTrue(stored(RootUsage.STYLED).contains("\u001b["), "styled");
  }

  @Test
  void only_a_bare_help_request_is_answered_from_the_stored_text() {
    assertTrue(RootUsage.asked(new String[] {}));
    assertTrue(RootUsage.asked(new String[] {"--help"}));
    assertTrue(RootUsage.asked(new String[] {"-h"}));
    assertFalse(RootUsage.asked(new String[] {"get", "--help"}));
    assertFalse(RootUsage.asked(new String[] {"--help", "-v"}));
    assertFalse(RootUsage.asked(new String[] {"help"}));
  }

  @Test
  void it_prints_the_plain_text_when_output_is_not_a_terminal() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertTrue(RootUsage.print(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    // the tests' stdout is no terminal: picocli's AUTO leaves styles off, and so does this
    assertEquals(
        Ansi.AUTO.enabled() ? stored(RootUsage.STYLED) : stored(RootUsage.PLAIN),
        bytes.toString(StandardCharsets.UTF_8));
  }
}
