package io.neo4jrestore.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code kubectl neo4j-restore --help} (and {@code -h}, and no arguments) without building the
 * command model: the root usage lists every subcommand, so picocli would build the model of all of
 * them by reflection first, which is most of the start-up time (docs/performance.md). The text is
 * rendered by picocli at build time ({@link #main}, run by the plugin's POM after compiling), plain
 * and with ANSI styles, into the jar; {@code RootUsageTest} checks it equals picocli's live output.
 */
final class RootUsage {
  static final String PLAIN = "usage.txt";
  static final String STYLED = "usage-ansi.txt";

  private RootUsage() {}

  /** Whether the arguments ask for the root usage and nothing else. */
  static boolean asked(String[] args) {
    return args.length == 0
        || (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")));
  }

  /**
   * Prints the stored usage as picocli would (styled when picocli would style it); false when it
   * cannot (no stored text, or a picocli setting that changes the text), and picocli renders it.
   */
  static boolean print(PrintStream out) {
    if (System.getProperty("picocli.usage.width") != null) {
      return false;
    }
    String resource = Ansi.AUTO.enabled() ? STYLED : PLAIN;
    try (InputStream in = RootUsage.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      out.flush();
      return !out.checkError();
    } catch (IOException e) {
      return false;
    }
  }

  /** The usage as picocli renders it for the full command line. */
  static String render(Ansi ansi) {
    return KubectlNeo4jRestore.commandLine(PluginContext.system()).getUsageMessage(ansi);
  }

  /** Build time: writes both texts into the directory of this class under {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve(RootUsage.class.getPackageName().replace('.', '/'));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(PLAIN), render(Ansi.OFF), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(STYLED), render(Ansi.ON), StandardCharsets.UTF_8);
  }
}
