import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A stand-in API server for scripts/package-plugin.sh: HTTPS on 127.0.0.1 with the given PKCS#12
 * identity (its CA also verifies client certificates, which are asked for but optional), answering
 * the Neo4jRestore list with two restores and /version; everything else is a 404 Status. It lets
 * the packaged plugin run `get -A` end to end (TLS, JSON, the table) so the AppCDS class list is
 * trained on a real request and the jlink-ed runtime is checked to have what TLS needs.
 *
 * <p>Usage: java TrainingApiServer.java IDENTITY.p12 PASSWORD. Prints the port, then serves until
 * its standard input closes.
 */
public class TrainingApiServer {
  static final String RESTORES =
      "{\"apiVersion\":\"neo4j.neo4j.com/v1alpha1\",\"kind\":\"Neo4jRestoreList\","
          + "\"metadata\":{\"resourceVersion\":\"42\"},\"items\":["
          + restore("nightly", "prod", "movies", "Completed")
          + ","
          + restore("weekly", "prod", "graph", "Running")
          + "]}";

  static String restore(String name, String target, String db, String phase) {
    return "{\"apiVersion\":\"neo4j.neo4j.com/v1alpha1\",\"kind\":\"Neo4jRestore\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\"demo\",\"uid\":\"u-"
        + name
        + "\",\"resourceVersion\":\"40\",\"generation\":1,"
        + "\"creationTimestamp\":\"2025-01-20T10:00:00Z\"},"
        + "\"spec\":{\"targetCluster\":\""
        + target
        + "\",\"databaseName\":\""
        + db
        + "\",\"source\":{\"type\":\"backup\",\"backupRef\":\"nightly\"}},"
        + "\"status\":{\"phase\":\""
        + phase
        + "\",\"observedGeneration\":1,\"startTime\":\"2025-01-20T10:00:05Z\"}}";
  }

  public static void main(String[] args) throws Exception {
    char[] pw = args[1].toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(args[0])) {
      ks.load(in, pw);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, pw);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    java.security.cert.Certificate[] chain = ks.getCertificateChain(ks.aliases().nextElement());
    trust.setCertificateEntry("ca", chain[chain.length - 1]);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = ctx.getDefaultSSLParameters();
            p.setWantClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          int code = 200;
          String body;
          if (path.equals("/apis/neo4j.neo4j.com/v1alpha1/neo4jrestores")) {
            body = RESTORES;
          } else if (path.equals("/version")) {
            body = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-training\"}";
          } else {
            code = 404;
            body =
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"not served here\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(code, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the caller closes our stdin
    }
    server.stop(0);
  }
}
