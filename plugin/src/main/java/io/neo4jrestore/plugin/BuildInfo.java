package io.neo4jrestore.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Version and default runner image, stamped into the jar by the build: a local build names the
 * image {@code localhost/neo4j-restore-runner:<version>} (it exists only where {@code
 * scripts/build-runner-image.sh} ran), the release workflow names the image it pushed (the Maven
 * property {@code runner.image.repository}).
 */
public record BuildInfo(String version, String runnerImage) {
  /** The prefix of the image name of a build that was not made by the release workflow. */
  public static final String LOCAL_PREFIX = "localhost/";

  /** Whether the default runner image is a registry reference (a release build). */
  public boolean releaseImage() {
    return !runnerImage.startsWith(LOCAL_PREFIX);
  }

  /** Where the default runner image comes from, for {@code version}. */
  public String imageOrigin() {
    return releaseImage()
        ? "release build: pulled from its registry"
        : "local build: only where scripts/build-runner-image.sh ran; elsewhere pass"
            + " --runner-image (docs/packaging.md)";
  }

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
