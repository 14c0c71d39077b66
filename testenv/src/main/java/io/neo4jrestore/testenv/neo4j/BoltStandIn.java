package io.neo4jrestore.testenv.neo4j;

import io.neo4jrestore.testenv.neo4j.BoltWire.Struct;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Bolt server standing in for Neo4j Enterprise, for tests that run the real runner (its driver,
 * its Bolt configuration, the admin Secret's credentials) where no Enterprise server can run. It
 * speaks Bolt 5.4 (handshake, chunking, PackStream, HELLO/LOGON, ROUTE, auto-commit RUN and PULL)
 * and answers the statements of the runner's {@code AdminStatements} from {@link StandInDbms}:
 * {@code dbms.components()}, {@code SHOW DATABASE/SERVERS/PROCEDURES}, {@code CREATE/START/STOP
 * DATABASE}, the recreate procedures. Anything else is a syntax error, so a statement the runner
 * starts sending shows up as a failure.
 *
 * <p>Two uses: in a test's JVM ({@link #start(String, String, String)}, a standalone on port 7687
 * of a random 127.x.y.7 address, state in memory: {@code BoltStandInTest}), and as the server
 * process of the Neo4j stand-in image in the k3s tier ({@link StandInMain}), where a StatefulSet of
 * them plays a standalone or a cluster, with state on the pod's data volume.
 *
 * <p>Limits: no TLS; no explicit transactions' semantics (BEGIN/COMMIT succeed and do nothing);
 * every WAIT completes at once; in a cluster every route leads to server 0, which alone holds the
 * {@code system} database (the others only answer ROUTE and report their reachability); no Cypher
 * beyond the statements above. The statements the Community harness accepts are checked against a
 * real server elsewhere ({@code BoltNeo4jAdminIT}).
 */
public final class BoltStandIn implements AutoCloseable {
  public static final int PORT = 7687;

  /**
   * What a server is.
   *
   * @param servers every server's advertised Bolt address ({@code host:port}); one for a standalone
   * @param self this server's index in {@code servers}
   * @param data the data directory ({@code /data} in the image), or null for state in memory
   * @param log where each statement run is printed (the pod's log), or null
   */
  public record Config(
      InetSocketAddress bind,
      String user,
      String password,
      String version,
      List<String> servers,
      int self,
      Path data,
      PrintStream log) {}

  private final ServerSocket server;
  private final Config config;
  private final StandInDbms dbms;
  private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  private final List<String> logins = Collections.synchronizedList(new ArrayList<>());

  private BoltStandIn(ServerSocket server, Config config) {
    this.server = server;
    this.config = config;
    this.dbms = new StandInDbms(config.version(), config.servers(), config.self(), config.data());
    Thread acceptor = new Thread(this::accept, "bolt-stand-in-" + server.getLocalSocketAddress());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on 127.a.b.7:7687 (a free random address): a standalone of {@code version}. */
  public static BoltStandIn start(String user, String password, String version) throws IOException {
    for (int attempt = 0; ; attempt++) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      InetAddress address =
          InetAddress.getByAddress(
              new byte[] {127, (byte) r.nextInt(16, 250), (byte) r.nextInt(1, 250), (byte) 7});
      ServerSocket s = new ServerSocket();
      try {
        s.bind(new InetSocketAddress(address, PORT));
        String advertised = address.getHostAddress() + ":" + PORT;
        return new BoltStandIn(
            s,
            new Config(
                (InetSocketAddress) s.getLocalSocketAddress(),
                user,
                password,
                version,
                List.of(advertised),
                0,
                null,
                null));
      } catch (BindException e) {
        s.close();
        if (attempt >= 20) {
          throw e;
        }
      }
    }
  }

  /** A server as {@code config} says. */
  public static BoltStandIn start(Config config) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(config.bind());
    return new BoltStandIn(s, config);
  }

  /** The address it listens on (without the port). */
  public String address() {
    return server.getInetAddress().getHostAddress();
  }

  /** The statements run so far, in order, as {@code text {params}}. */
  public List<String> statements() {
    synchronized (statements) {
      return List.copyOf(statements);
    }
  }

  /** The principals that logged in (successfully or not). */
  public List<String> logins() {
    synchronized (logins) {
      return List.copyOf(logins);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread t = new Thread(() -> serve(socket), "bolt-stand-in-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
      if (in.readInt() != 0x6060B017) {
        return;
      }
      boolean offered = false;
      for (int i = 0; i < 4; i++) {
        int p = in.readInt();
        int major = p & 0xFF;
        int minor = (p >> 8) & 0xFF;
        int range = (p >> 16) & 0xFF;
        offered |= major == 5 && minor >= 4 && minor - range <= 4;
      }
      out.writeInt(offered ? 0x0405 : 0);
      out.flush();
      if (!offered) {
        return;
      }
      new Connection(in, out).loop();
    } catch (EOFException | java.net.SocketException e) {
      // the client went away
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Connection {
    private final DataInputStream in;
    private final DataOutputStream out;
    private boolean failed;
    private StandInDbms.Result pending;

    Connection(DataInputStream in, DataOutputStream out) {
      this.in = in;
      this.out = out;
    }

    void loop() throws IOException {
      while (true) {
        Struct m = BoltWire.readMessage(in);
        switch (m.tag()) {
          case 0x01 ->
              success(Map.of("server", "Neo4j/" + config.version(), "connection_id", "bolt-1"));
          case 0x6A -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> auth = (Map<String, Object>) m.fields().get(0);
            logins.add(String.valueOf(auth.get("principal")));
            if (!config.user().equals(auth.get("principal"))
                || !config.password().equals(auth.get("credentials"))) {
              failure(
                  "Neo.ClientError.Security.Unauthorized",
                  "The client is unauthorized due to authentication failure.");
              return;
            }
            success(Map.of());
          }
          case 0x02 -> {
            return; // GOODBYE
          }
          case 0x0F -> {
            failed = false;
            pending = null;
            success(Map.of());
          }
          case 0x66 -> ignoredOr(() -> route(m));
          case 0x10 -> run(m);
          case 0x3F, 0x2F -> pull(m.tag() == 0x2F);
          case 0x11, 0x13, 0x54, 0x6B -> ignoredOr(() -> success(Map.of()));
          case 0x12 -> ignoredOr(() -> success(Map.of("bookmark", "stand-in:1")));
          default ->
              failure(
                  "Neo.ClientError.Request.Invalid",
                  "message 0x"
                      + Integer.toHexString(m.tag())
                      + " is not supported by the stand-in");
        }
        out.flush();
      }
    }

    /** Every server routes; server 0 reads and writes every database. */
    private void route(Struct m) throws IOException {
      String leader = config.servers().get(0);
      Object db =
          m.fields().size() > 2 && m.fields().get(2) instanceof Map<?, ?> extra
              ? extra.get("db")
              : null;
      success(
          Map.of(
              "rt",
              Map.of(
                  "ttl",
                  300L,
                  "db",
                  db == null ? "neo4j" : db,
                  "servers",
                  List.of(
                      Map.of("addresses", List.copyOf(config.servers()), "role", "ROUTE"),
                      Map.of("addresses", List.of(leader), "role", "WRITE"),
                      Map.of("addresses", List.of(leader), "role", "READ")))));
    }

    private void ignoredOr(IoAction action) throws IOException {
      if (failed) {
        BoltWire.writeMessage(out, new Struct(0x7E, List.of()));
      } else {
        action.run();
      }
    }

    @SuppressWarnings("unchecked")
    private void run(Struct m) throws IOException {
      if (failed) {
        BoltWire.writeMessage(out, new Struct(0x7E, List.of()));
        return;
      }
      String query = (String) m.fields().get(0);
      Map<String, Object> params = (Map<String, Object>) m.fields().get(1);
      statements.add(query + " " + params);
      if (config.log() != null) {
        config.log().println("[bolt] " + query.strip() + " " + params);
      }
      if (config.self() != 0) {
        failure(
            "Neo.ClientError.Cluster.NotALeader",
            "the stand-in runs statements on server 0 only: " + config.servers().get(0));
        return;
      }
      try {
        pending = dbms.execute(query, params);
        success(Map.of("fields", List.copyOf(pending.fields()), "t_first", 0L));
      } catch (StandInDbms.Failure e) {
        failure(e.code, e.getMessage());
      }
    }

    private void pull(boolean discard) throws IOException {
      if (failed || pending == null) {
        BoltWire.writeMessage(out, new Struct(0x7E, List.of()));
        return;
      }
      if (!discard) {
        for (List<Object> row : pending.rows()) {
          BoltWire.writeMessage(out, new Struct(0x71, List.of(row)));
        }
      }
      pending = null;
      success(Map.of("type", "w", "t_last", 0L, "db", "system", "bookmark", "stand-in:1"));
    }

    private void success(Map<String, Object> metadata) throws IOException {
      BoltWire.writeMessage(out, new Struct(0x70, List.of(metadata)));
    }

    private void failure(String code, String message) throws IOException {
      failed = true;
      pending = null;
      BoltWire.writeMessage(
          out, new Struct(0x7F, List.of(Map.of("code", code, "message", message))));
      out.flush();
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
