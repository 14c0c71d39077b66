package io.neo4jrestore.testenv.neo4j;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the Neo4j stand-in image ({@code e2e/}): {@code server} runs {@link
 * BoltStandIn} as a pod of a StatefulSet, {@code neo4j-admin ...} runs {@link Neo4jAdminStandIn}.
 *
 * <p>The server is configured like the Neo4j image, from its environment: {@code NEO4J_AUTH}
 * ({@code user/password}, from the admin Secret), and the stand-in's own {@code
 * NEO4J_STANDIN_VERSION} (what {@code dbms.components()} reports), {@code NEO4J_STANDIN_SERVERS} (1
 * for a standalone, N for a cluster), {@code NEO4J_STANDIN_DOMAIN} (the StatefulSet's headless
 * Service domain, {@code <service>.<namespace>.svc.cluster.local}: server i advertises {@code
 * <statefulset>-<i>.<domain>:7687}), {@code NEO4J_STANDIN_SHUTDOWN_SECONDS} (how long it takes to
 * stop on SIGTERM, as a real server flushing its stores does). {@code HOSTNAME} (the pod name) says
 * which server it is. Data in {@code /data}.
 */
public final class StandInMain {
  private StandInMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("neo4j-admin")) {
      int code =
          new Neo4jAdminStandIn(data(), System.out, System.err)
              .run(Arrays.asList(args).subList(1, args.length));
      System.out.flush();
      System.exit(code);
    }
    if (args.length == 1 && args[0].equals("server")) {
      server(System.getenv());
      return;
    }
    System.err.println("usage: StandInMain server | neo4j-admin <command> [options]");
    System.exit(2);
  }

  private static Path data() {
    return Path.of(System.getenv().getOrDefault("NEO4J_STANDIN_DATA", "/data"));
  }

  private static void server(Map<String, String> env) throws Exception {
    String auth = require(env, "NEO4J_AUTH");
    int slash = auth.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("NEO4J_AUTH must be user/password");
    }
    String pod = require(env, "HOSTNAME");
    int dash = pod.lastIndexOf('-');
    String statefulSet = pod.substring(0, dash);
    int self = Integer.parseInt(pod.substring(dash + 1));
    int count = Integer.parseInt(env.getOrDefault("NEO4J_STANDIN_SERVERS", "1"));
    String domain = require(env, "NEO4J_STANDIN_DOMAIN");
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      servers.add(statefulSet + "-" + i + "." + domain + ":" + BoltStandIn.PORT);
    }
    String version = require(env, "NEO4J_STANDIN_VERSION");
    int shutdownSeconds = Integer.parseInt(env.getOrDefault("NEO4J_STANDIN_SHUTDOWN_SECONDS", "0"));
    BoltStandIn server =
        BoltStandIn.start(
            new BoltStandIn.Config(
                new InetSocketAddress(BoltStandIn.PORT),
                auth.substring(0, slash),
                auth.substring(slash + 1),
                version,
                servers,
                self,
                data(),
                System.out));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping (" + shutdownSeconds + " s)...");
                  try {
                    Thread.sleep(shutdownSeconds * 1000L);
                    server.close();
                  } catch (Exception e) {
                    Thread.currentThread().interrupt();
                  }
                  System.out.println("Stopped.");
                }));
    System.out.println(
        "Neo4j stand-in "
            + version
            + ": server "
            + self
            + " of "
            + count
            + " ("
            + servers.get(self)
            + "), Bolt on port "
            + BoltStandIn.PORT);
    System.out.println("Started.");
    Thread.currentThread().join();
  }

  private static String require(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return v;
  }
}
