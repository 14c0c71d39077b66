package io.neo4jrestore.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a k3s run changes on this machine, and the lock that keeps two from running at once.
 *
 * <p>k3s runs privileged with the host's cgroup namespace, so its kubelet writes host sysctls
 * ({@code vm.overcommit_memory}, {@code kernel.panic}, {@code kernel.panic_on_oops}) and creates
 * {@code kubepods} (and k3s its {@code k3s}) cgroups at the root of every cgroup v1 hierarchy
 * ({@code ../shared/K3S.md}). Both are recorded before the start and put back after the stop. Two
 * kubelets on one machine would fight over the same cgroups: a file lock under the cache serialises
 * k3s runs across JVMs.
 */
final class HostState implements AutoCloseable {
  private static final List<String> SYSCTLS =
      List.of("vm/overcommit_memory", "kernel/panic", "kernel/panic_on_oops");
  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final List<String> KUBELET_CGROUPS = List.of("kubepods", "kubepods.slice", "k3s");

  private final FileChannel lockFile;
  private final FileLock lock;
  private final Map<String, String> sysctls = new LinkedHashMap<>();
  private final List<Path> cgroupsBefore = new ArrayList<>();

  private HostState(FileChannel lockFile, FileLock lock) {
    this.lockFile = lockFile;
    this.lock = lock;
  }

  /** Waits for the machine's k3s lock, then records the sysctls and cgroups. */
  static HostState acquire(Path lockPath) throws IOException {
    Files.createDirectories(lockPath.getParent());
    FileChannel channel =
        FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      System.out.println("[k3s] another k3s test run holds " + lockPath + "; waiting for it");
      lock = channel.lock();
    }
    HostState s = new HostState(channel, lock);
    for (String k : SYSCTLS) {
      Path p = Path.of("/proc/sys", k);
      if (Files.isReadable(p)) {
        s.sysctls.put(k, read(p));
      }
    }
    s.cgroupsBefore.addAll(kubeletCgroups());
    System.out.println("[k3s] host sysctls before k3s: " + s.sysctls);
    return s;
  }

  @Override
  public void close() {
    try {
      sysctls.forEach(
          (k, v) -> {
            Path p = Path.of("/proc/sys", k);
            try {
              if (!read(p).equals(v)) {
                Files.writeString(p, v);
                System.out.println("[k3s] restored " + k.replace('/', '.') + " = " + v);
              }
            } catch (IOException e) {
              System.out.println("[k3s] could not restore " + k + " to " + v + ": " + e);
            }
          });
      for (Path created : kubeletCgroups()) {
        if (!cgroupsBefore.contains(created)) {
          removeEmptyTree(created);
        }
      }
    } catch (IOException e) {
      System.out.println("[k3s] cannot list the kubelet's cgroups: " + e);
    } finally {
      try {
        lock.release();
        lockFile.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A /proc/sys value. Not {@code Files.readString}: procfs reports size 0 and JDK 17 then reads a
   * truncated value ("1" for "10").
   */
  private static String read(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
    }
  }

  private static List<Path> kubeletCgroups() throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(CGROUPS)) {
      return found;
    }
    try (Stream<Path> hierarchies = Files.list(CGROUPS)) {
      for (Path h : hierarchies.toList()) {
        for (String name : KUBELET_CGROUPS) {
          if (Files.isDirectory(h.resolve(name)) && !Files.isSymbolicLink(h)) {
            found.add(h.resolve(name));
          }
        }
      }
    }
    return found;
  }

  /** rmdir from the leaves up; a cgroup that still has processes stays (and is reported). */
  private static void removeEmptyTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
      int left = 0;
      for (Path d : dirs) {
        try {
          Files.delete(d);
        } catch (IOException e) {
          left++;
        }
      }
      if (left > 0) {
        System.out.println("[k3s] " + left + " cgroups under " + root + " could not be removed");
      }
    } catch (IOException e) {
      System.out.println("[k3s] cannot clean up " + root + ": " + e);
    }
  }
}
