package io.neo4jrestore.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Version and default runner image, stamped into the jar by the build. */
public record BuildInfo(String version, String runnerImage) {

  private static final String RESOURCE = "/io/neo4jrestore/plugin/build.properties";

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the plugin jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(p.getProperty("version"), p.getProperty("runnerImage"));
  }

  /** picocli's {@code --version}. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kubectl neo4j-restore " + load().version()};
    }
  }
}
