package io.neo4jrestore.plugin.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A cluster's {@code proxy-url}. {@code http://} and {@code https://} proxies are HTTP proxies
 * (CONNECT for TLS), as in kubectl. The JDK's HTTP client speaks only to HTTP proxies (it ignores
 * SOCKS ones), so a {@code socks5://} proxy is reached through a relay on 127.0.0.1 that this
 * process runs: an HTTP CONNECT proxy whose connections go out through the SOCKS5 proxy. TLS stays
 * end to end (the relay sees only the encrypted stream), so the server's name is checked as usual.
 */
final class Proxies {
  private Proxies() {}

  /** The proxy selector for the cluster, or null when it names no proxy. */
  static ProxySelector selector(Kubeconfig.Cluster cluster, URI server) {
    String url = cluster.proxyUrl();
    if (url == null || url.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(cluster, "\"" + url + "\" is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (uri.getHost() == null) {
      throw invalid(cluster, "\"" + url + "\" names no host");
    }
    switch (scheme) {
      case "http", "https" -> {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
      }
      case "socks5" -> {
        if (!"https".equals(server.getScheme())) {
          throw invalid(cluster, "a socks5 proxy is supported for https:// servers only");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 1080;
        Relay relay = new Relay(InetSocketAddress.createUnresolved(uri.getHost(), port));
        return ProxySelector.of(relay.address());
      }
      default ->
          throw invalid(
              cluster, "scheme \"" + scheme + "\" is not supported (http, https, socks5)");
    }
  }

  private static KubeconfigException invalid(Kubeconfig.Cluster cluster, String what) {
    return new KubeconfigException(
        "cluster \"" + cluster.name() + "\" in " + cluster.origin() + ": proxy-url " + what);
  }

  /** HTTP CONNECT on 127.0.0.1, tunnelled through a SOCKS5 proxy. Daemon threads only. */
  static final class Relay {
    private final InetSocketAddress socks;
    private final ServerSocket server;

    Relay(InetSocketAddress socks) {
      this.socks = socks;
      try {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new KubeconfigException("cannot start the relay to the socks5 proxy: " + e, e);
      }
      daemon(this::accept, "socks5-relay");
    }

    InetSocketAddress address() {
      return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void accept() {
      while (true) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          return;
        }
        daemon(() -> tunnel(client), "socks5-relay-connect");
      }
    }

    private void tunnel(Socket client) {
      try (client) {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        String requestLine = readHead(in);
        String[] parts = requestLine.split(" ");
        if (parts.length < 2 || !parts[0].equals("CONNECT")) {
          out.write(ascii("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"));
          return;
        }
        URI target = URI.create("tcp://" + parts[1]);
        Socket upstream = new Socket(new Proxy(Proxy.Type.SOCKS, socks));
        try (upstream) {
          try {
            upstream.connect(
                InetSocketAddress.createUnresolved(target.getHost(), target.getPort()),
                (int) ApiClients.CONNECT_TIMEOUT.toMillis());
          } catch (IOException e) {
            out.write(
                ascii(
                    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nX-Socks5-Error: "
                        + String.valueOf(e.getMessage()).replaceAll("[\\r\\n]", " ")
                        + "\r\n\r\n"));
            return;
          }
          out.write(ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
          out.flush();
          Thread back =
              daemon(() -> pump(upstream, client), "socks5-relay-pump"); // server -> client
          pump(client, upstream); // client -> server
          back.join();
        }
      } catch (IOException | InterruptedException | IllegalArgumentException e) {
        // the connection is gone: the HTTP client sees it closed and reports that
      }
    }

    private static void pump(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        try {
          to.close();
          from.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }

    /** The request line; the rest of the head (headers) is read and dropped. */
    private static String readHead(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        head.append((char) c);
        if (head.length() > 8192) {
          throw new IOException("request head too long");
        }
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          break;
        }
      }
      int eol = head.indexOf("\r\n");
      return eol < 0 ? head.toString() : head.substring(0, eol);
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Thread daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
      return t;
    }
  }
}
