package io.neo4jrestore.plugin.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neo4jrestore.kube.testing.TestPki;
import io.neo4jrestore.kube.testing.TestPki.KeyKind;
import io.neo4jrestore.kube.testing.TestServer;
import io.neo4jrestore.plugin.KubeSessions;
import io.neo4jrestore.plugin.options.KubeOptions;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code proxy-url}: an HTTP proxy (CONNECT) and a SOCKS5 proxy, each a small server of this test
 * that records where it was asked to connect, in front of an HTTPS stand-in API server.
 */
class ProxyUrlTest {
  @TempDir static Path dir;
  private static TestPki.Issued ca;
  private static TestServer api;

  @BeforeAll
  static void start() {
    TestPki pki = new TestPki(dir.resolve("pki"));
    ca = pki.ca("cluster-ca", KeyKind.EC_SEC1);
    TestPki.Issued serving =
        pki.server(ca, "apiserver", List.of("kubernetes"), List.of("127.0.0.1"), KeyKind.EC_SEC1);
    api =
        TestServer.https(
            pki.sslContext(serving, ca),
            false,
            e ->
                TestServer.json(
                    e,
                    200,
                    "{\"kind\":\"Neo4jRestoreList\",\"metadata\":{\"resourceVersion\":\"9\"},"
                        + "\"items\":[]}"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private String list(String proxyUrl) throws IOException {
    Path kubeconfig = dir.resolve("proxied.kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
            + api.url()
            + "\n    certificate-authority-data: "
            + Base64.getEncoder().encodeToString(ca.certPem().getBytes(StandardCharsets.US_ASCII))
            + "\n    proxy-url: "
            + proxyUrl
            + "\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: c\n"
            + "  context: {cluster: c, user: u}\ncurrent-context: c\n");
    KubeOptions options = new KubeOptions();
    new CommandLine(options).parseArgs("--kubeconfig", kubeconfig.toString());
    return new KubeSessions(Map.of(), dir, Clock.systemUTC(), false)
        .open(options)
        .connect()
        .list("ns", null, null)
        .resourceVersion();
  }

  @Test
  void an_http_proxy_is_asked_to_connect_to_the_server() throws Exception {
    try (Proxy proxy = new Proxy(false)) {
      assertEquals("9", list("http://127.0.0.1:" + proxy.port()));
      assertEquals(List.of(api.url().replace("https://", "")), proxy.targets);
    }
  }

  @Test
  void a_socks5_proxy_carries_the_tls_connection() throws Exception {
    try (Proxy proxy = new Proxy(true)) {
      assertEquals("9", list("socks5://127.0.0.1:" + proxy.port()));
      assertEquals(List.of(api.url().replace("https://", "")), proxy.targets);
    }
  }

  @Test
  void an_unknown_proxy_scheme_is_refused() {
    KubeconfigException e =
        assertThrows(KubeconfigException.class, () -> list("ftp://127.0.0.1:21"));
    assertTrue(
        e.getMessage().contains("proxy-url scheme \"ftp\" is not supported (http, https, socks5)"),
        e.getMessage());
  }

  /** An HTTP CONNECT or a SOCKS5 (no authentication, CONNECT) proxy on 127.0.0.1. */
  static final class Proxy implements AutoCloseable {
    final List<String> targets = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final boolean socks;

    Proxy(boolean socks) throws IOException {
      this.socks = socks;
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  try {
                    Socket client = server.accept();
                    new Thread(() -> serve(client)).start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve(Socket client) {
      try (client) {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        String host;
        int port;
        if (socks) {
          in.readByte(); // version 5
          in.readFully(new byte[in.readUnsignedByte()]); // methods
          out.write(new byte[] {5, 0});
          byte[] head = new byte[4];
          in.readFully(head); // 5, CONNECT, 0, address type
          if (head[3] == 3) {
            byte[] name = new byte[in.readUnsignedByte()];
            in.readFully(name);
            host = new String(name, StandardCharsets.US_ASCII);
          } else {
            byte[] ip = new byte[head[3] == 1 ? 4 : 16];
            in.readFully(ip);
            host = InetAddress.getByAddress(ip).getHostAddress();
          }
          port = in.readUnsignedShort();
          out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        } else {
          StringBuilder head = new StringBuilder();
          while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
          }
          String[] target = head.toString().split(" ")[1].split(":");
          host = target[0];
          port = Integer.parseInt(target[1]);
          out.write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        targets.add(host + ":" + port);
        try (Socket upstream = new Socket(host, port)) {
          Thread back = new Thread(() -> pipe(upstream, client));
          back.start();
          pipe(client, upstream);
          back.join();
        }
      } catch (IOException | InterruptedException e) {
        // connection over
      }
    }

    private static void pipe(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        in.transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException ignored) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
