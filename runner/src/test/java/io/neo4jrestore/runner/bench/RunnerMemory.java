package io.neo4jrestore.runner.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A runner process's {@link MemoryReport} line: memory in MiB, times in seconds. */
record RunnerMemory(
    double heapPeak,
    double liveAfterGc,
    double heapMax,
    double nonHeapPeak,
    long gcCount,
    long gcMillis,
    double rssPeak,
    double cpuSeconds,
    double uptimeSeconds) {

  static Optional<RunnerMemory> parse(String log) {
    if (log == null) {
      return Optional.empty();
    }
    for (String line : log.lines().toList()) {
      int at = line.indexOf(MemoryReport.PREFIX);
      if (at < 0) {
        continue;
      }
      Map<String, Long> v = new HashMap<>();
      for (String kv : line.substring(at + MemoryReport.PREFIX.length()).trim().split("\\s+")) {
        String[] p = kv.split("=", 2);
        v.put(p[0], Long.parseLong(p[1]));
      }
      return Optional.of(
          new RunnerMemory(
              mib(v.get("heapPeak")),
              mib(v.get("liveAfterGc")),
              mib(v.get("heapMax")),
              mib(v.get("nonHeapPeak")),
              v.get("gcCount"),
              v.get("gcMillis"),
              v.get("rssPeakKb") / 1024.0,
              v.getOrDefault("cpuMillis", -1L) / 1000.0,
              v.getOrDefault("uptimeMillis", -1L) / 1000.0));
    }
    return Optional.empty();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
