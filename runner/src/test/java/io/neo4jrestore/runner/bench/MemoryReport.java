package io.neo4jrestore.runner.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Prints, when the JVM exits, what one process used: peak heap (the sum of the heap pools' peaks:
 * what the heap held at its fullest, garbage included), the largest heap left after a collection
 * (the live set), collections and their time, non-heap peak, the peak and last resident set size
 * from {@code /proc/self/status}, and the process's CPU time. One line, prefixed {@value #PREFIX},
 * read back by {@link RunnerMemory}.
 */
public final class MemoryReport {
  static final String PREFIX = "[bench-memory]";

  private static final AtomicLong LIVE_AFTER_GC = new AtomicLong();

  private MemoryReport() {}

  /** Starts recording and prints the report at exit (System.exit included). */
  public static void install() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    n.getType())) {
                  return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long after = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                  after += u.getUsed();
                }
                // non-heap pools are in the map too: subtract them (they do not change in a GC)
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                  if (p.getType() == MemoryType.NON_HEAP) {
                    MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
                    after -= u == null ? 0 : u.getUsed();
                  }
                }
                long live = after;
                LIVE_AFTER_GC.accumulateAndGet(live, Math::max);
              },
              null,
              null);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(MemoryReport::print, "bench-memory"));
  }

  private static void print() {
    long heapPeak = 0;
    long nonHeapPeak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPeak += p.getPeakUsage().getUsed();
      } else {
        nonHeapPeak += p.getPeakUsage().getUsed();
      }
    }
    long collections = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    long cpu =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() / 1_000_000
            : -1;
    System.out.println(
        String.format(
            Locale.ROOT,
            "%s heapPeak=%d liveAfterGc=%d heapMax=%d nonHeapPeak=%d gcCount=%d gcMillis=%d"
                + " rssPeakKb=%d rssKb=%d uptimeMillis=%d cpuMillis=%d",
            PREFIX,
            heapPeak,
            LIVE_AFTER_GC.get(),
            Runtime.getRuntime().maxMemory(),
            nonHeapPeak,
            collections,
            gcMillis,
            status("VmHWM"),
            status("VmRSS"),
            uptime,
            cpu));
    System.out.flush();
  }

  /** A kB figure of /proc/self/status, or -1. */
  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
