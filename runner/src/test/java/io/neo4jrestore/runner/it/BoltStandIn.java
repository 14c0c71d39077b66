package io.neo4jrestore.runner.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Bolt server standing in for a Neo4j Enterprise standalone, for tests that run the real runner
 * (its driver, its Bolt configuration, the admin Secret's credentials) where no Enterprise server
 * can run. It speaks Bolt 5.4 (handshake, chunking, PackStream, HELLO/LOGON, auto-commit RUN and
 * PULL) and answers the statements of {@code AdminStatements} from a map of databases: {@code
 * dbms.components()}, {@code SHOW DATABASE}, {@code CREATE/START/STOP DATABASE}. Anything else is a
 * syntax error, so a statement the runner starts sending shows up as a failure.
 *
 * <p>Limits: one server, no routing ({@code bolt://} only), no TLS, no explicit transactions'
 * semantics (BEGIN/COMMIT succeed and do nothing), no WAIT timing (every command completes at
 * once). The statements the Community harness accepts are checked against a real server elsewhere
 * ({@code BoltNeo4jAdminIT}).
 *
 * <p>It listens on port 7687 of a random address in 127.0.0.0/8, so that a container on the host
 * network can reach it under a Service's name ({@code --add-host}) at the port the runner dials,
 * without colliding with other servers on this machine.
 */
public final class BoltStandIn implements AutoCloseable {
  static final int PORT = 7687;

  private final ServerSocket server;
  private final String user;
  private final String password;
  private final String version;
  private final Map<String, String> databases = new ConcurrentHashMap<>();
  private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  private final List<String> logins = Collections.synchronizedList(new ArrayList<>());
  private final Thread acceptor;

  private BoltStandIn(ServerSocket server, String user, String password, String version) {
    this.server = server;
    this.user = user;
    this.password = password;
    this.version = version;
    this.acceptor = new Thread(this::accept, "bolt-stand-in-" + server.getInetAddress());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on 127.a.b.c:7687 (a free random address) for a server of {@code version}. */
  public static BoltStandIn start(String user, String password, String version) throws IOException {
    for (int attempt = 0; ; attempt++) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      InetAddress address =
          InetAddress.getByAddress(
              new byte[] {127, (byte) r.nextInt(16, 250), (byte) r.nextInt(1, 250), (byte) 7});
      ServerSocket s = new ServerSocket();
      try {
        s.bind(new InetSocketAddress(address, PORT));
        return new BoltStandIn(s, user, password, version);
      } catch (BindException e) {
        s.close();
        if (attempt >= 20) {
          throw e;
        }
      }
    }
  }

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
  List<String> logins() {
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

  // ------------------------------------------------------------------ one connection

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

  private record Struct(int tag, List<Object> fields) {}

  private record Result(List<String> fields, List<List<Object>> rows) {}

  private static final class BoltFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    BoltFailure(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  private final class Connection {
    private final DataInputStream in;
    private final DataOutputStream out;
    private boolean failed;
    private Result pending;

    Connection(DataInputStream in, DataOutputStream out) {
      this.in = in;
      this.out = out;
    }

    void loop() throws IOException {
      while (true) {
        Struct m = readMessage();
        switch (m.tag()) {
          case 0x01 -> success(Map.of("server", "Neo4j/" + version, "connection_id", "bolt-1"));
          case 0x6A -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> auth = (Map<String, Object>) m.fields().get(0);
            logins.add(String.valueOf(auth.get("principal")));
            if (!user.equals(auth.get("principal")) || !password.equals(auth.get("credentials"))) {
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

    private void ignoredOr(IoAction action) throws IOException {
      if (failed) {
        writeMessage(new Struct(0x7E, List.of()));
      } else {
        action.run();
      }
    }

    @SuppressWarnings("unchecked")
    private void run(Struct m) throws IOException {
      if (failed) {
        writeMessage(new Struct(0x7E, List.of()));
        return;
      }
      String query = (String) m.fields().get(0);
      Map<String, Object> params = (Map<String, Object>) m.fields().get(1);
      statements.add(query + " " + params);
      try {
        pending = execute(query, params);
        success(Map.of("fields", List.copyOf(pending.fields()), "t_first", 0L));
      } catch (BoltFailure e) {
        failure(e.code, e.getMessage());
      }
    }

    private void pull(boolean discard) throws IOException {
      if (failed || pending == null) {
        writeMessage(new Struct(0x7E, List.of()));
        return;
      }
      if (!discard) {
        for (List<Object> row : pending.rows()) {
          writeMessage(new Struct(0x71, List.of(row)));
        }
      }
      pending = null;
      success(Map.of("type", "w", "t_last", 0L, "db", "system", "bookmark", "stand-in:1"));
    }

    private void success(Map<String, Object> metadata) throws IOException {
      writeMessage(new Struct(0x70, List.of(metadata)));
    }

    private void failure(String code, String message) throws IOException {
      failed = true;
      pending = null;
      writeMessage(new Struct(0x7F, List.of(Map.of("code", code, "message", message))));
      out.flush();
    }

    private Struct readMessage() throws IOException {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      while (true) {
        int size = in.readUnsignedShort();
        if (size == 0) {
          if (message.size() == 0) {
            continue; // NOOP
          }
          break;
        }
        message.write(in.readNBytes(size));
      }
      Object v = unpack(new DataInputStream(new ByteArrayInputStream(message.toByteArray())));
      if (!(v instanceof Struct s)) {
        throw new IOException("a Bolt message must be a structure, got " + v);
      }
      return s;
    }

    private void writeMessage(Struct s) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      pack(new DataOutputStream(bytes), s);
      byte[] b = bytes.toByteArray();
      for (int off = 0; off < b.length; off += 0xFFFF) {
        int n = Math.min(0xFFFF, b.length - off);
        out.writeShort(n);
        out.write(b, off, n);
      }
      out.writeShort(0);
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  // ------------------------------------------------------------------ the Enterprise stand-in

  private Result execute(String query, Map<String, Object> params) {
    String q = query.strip();
    Object name = params.get("name");
    if (q.equals("CALL dbms.components() YIELD name, versions, edition")) {
      return new Result(
          List.of("name", "versions", "edition"),
          List.of(List.of("Neo4j Kernel", List.of(version), "enterprise")));
    }
    if (q.startsWith("SHOW DATABASE $name")) {
      String status = databases.get(String.valueOf(name));
      List<String> fields =
          List.of(
              "name",
              "address",
              "role",
              "serverID",
              "requestedStatus",
              "currentStatus",
              "statusMessage");
      return new Result(
          fields,
          status == null
              ? List.of()
              : List.of(
                  List.of(
                      name, address() + ":" + PORT, "primary", "server-0", status, status, "")));
    }
    for (String command : List.of("CREATE", "START", "STOP")) {
      if (q.startsWith(command + " DATABASE $name")) {
        String db = String.valueOf(name);
        boolean exists = databases.containsKey(db);
        if (command.equals("CREATE") == exists) {
          throw new BoltFailure(
              exists
                  ? "Neo.ClientError.Database.ExistingDatabaseFound"
                  : "Neo.ClientError.Database.DatabaseNotFound",
              "Database " + db + (exists ? " already exists." : " does not exist."));
        }
        databases.put(db, command.equals("STOP") ? "offline" : "online");
        return new Result(
            List.of("address", "state", "message", "success"),
            List.of(List.of(address() + ":" + PORT, "CaughtUp", "caught up", true)));
      }
    }
    throw new BoltFailure(
        "Neo.ClientError.Statement.SyntaxError", "the Bolt stand-in does not know: " + q);
  }

  // ------------------------------------------------------------------ PackStream

  private static Object unpack(DataInputStream in) throws IOException {
    int m = in.readUnsignedByte();
    if (m < 0x80) {
      return (long) m;
    }
    if (m >= 0xF0) {
      return (long) (byte) m;
    }
    int high = m & 0xF0;
    int low = m & 0x0F;
    return switch (high) {
      case 0x80 -> string(in, low);
      case 0x90 -> list(in, low);
      case 0xA0 -> map(in, low);
      case 0xB0 -> struct(in, low);
      default ->
          switch (m) {
            case 0xC0 -> null;
            case 0xC1 -> in.readDouble();
            case 0xC2 -> false;
            case 0xC3 -> true;
            case 0xC8 -> (long) in.readByte();
            case 0xC9 -> (long) in.readShort();
            case 0xCA -> (long) in.readInt();
            case 0xCB -> in.readLong();
            case 0xCC -> in.readNBytes(in.readUnsignedByte());
            case 0xCD -> in.readNBytes(in.readUnsignedShort());
            case 0xCE -> in.readNBytes(in.readInt());
            case 0xD0 -> string(in, in.readUnsignedByte());
            case 0xD1 -> string(in, in.readUnsignedShort());
            case 0xD2 -> string(in, in.readInt());
            case 0xD4 -> list(in, in.readUnsignedByte());
            case 0xD5 -> list(in, in.readUnsignedShort());
            case 0xD6 -> list(in, in.readInt());
            case 0xD8 -> map(in, in.readUnsignedByte());
            case 0xD9 -> map(in, in.readUnsignedShort());
            case 0xDA -> map(in, in.readInt());
            default ->
                throw new IOException("unknown PackStream marker 0x" + Integer.toHexString(m));
          };
    };
  }

  private static String string(DataInputStream in, int size) throws IOException {
    return new String(in.readNBytes(size), StandardCharsets.UTF_8);
  }

  private static List<Object> list(DataInputStream in, int size) throws IOException {
    List<Object> l = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      l.add(unpack(in));
    }
    return l;
  }

  private static Map<String, Object> map(DataInputStream in, int size) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      m.put((String) unpack(in), unpack(in));
    }
    return m;
  }

  private static Struct struct(DataInputStream in, int size) throws IOException {
    int tag = in.readUnsignedByte();
    return new Struct(tag, list(in, size));
  }

  private static void pack(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(0xC0);
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? 0xC3 : 0xC2);
    } else if (v instanceof Number n && !(v instanceof Double)) {
      long l = n.longValue();
      if (l >= -16 && l < 128) {
        out.writeByte((int) l);
      } else if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        out.writeByte(0xCA);
        out.writeInt((int) l);
      } else {
        out.writeByte(0xCB);
        out.writeLong(l);
      }
    } else if (v instanceof Double d) {
      out.writeByte(0xC1);
      out.writeDouble(d);
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      header(out, 0x80, 0xD0, b.length);
      out.write(b);
    } else if (v instanceof List<?> l) {
      header(out, 0x90, 0xD4, l.size());
      for (Object o : l) {
        pack(out, o);
      }
    } else if (v instanceof Map<?, ?> m) {
      header(out, 0xA0, 0xD8, m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        pack(out, e.getKey());
        pack(out, e.getValue());
      }
    } else if (v instanceof Struct s) {
      out.writeByte(0xB0 + s.fields().size());
      out.writeByte(s.tag());
      for (Object o : s.fields()) {
        pack(out, o);
      }
    } else {
      throw new IOException("cannot pack " + v.getClass());
    }
  }

  /** Tiny (size in the marker), 8-, 16- or 32-bit size. */
  private static void header(DataOutputStream out, int tiny, int sized, int size)
      throws IOException {
    if (size < 16) {
      out.writeByte(tiny + size);
    } else if (size < 0x100) {
      out.writeByte(sized);
      out.writeByte(size);
    } else if (size < 0x10000) {
      out.writeByte(sized + 1);
      out.writeShort(size);
    } else {
      out.writeByte(sized + 2);
      out.writeInt(size);
    }
  }
}
