package io.neo4jrestore.kube;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * REST paths of Kubernetes resources and their encoding. {@code apiVersion} is {@code v1} for the
 * core group ({@code /api/v1}) and {@code group/version} for every other ({@code /apis/...}).
 */
public final class ApiPaths {
  private ApiPaths() {}

  /**
   * The collection: {@code /apis/GROUP/VERSION[/namespaces/NS]/PLURAL}; all namespaces when null.
   */
  public static String collection(String apiVersion, String namespace, String plural) {
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return namespace == null
        ? root + "/" + plural
        : root + "/namespaces/" + namespace + "/" + plural;
  }

  /** One object: the collection's path plus {@code /NAME}. */
  public static String object(String apiVersion, String namespace, String plural, String name) {
    return collection(apiVersion, namespace, plural) + "/" + name;
  }

  /**
   * The request target: each path segment and each query name and value percent-encoded (UTF-8),
   * the query in the map's order.
   */
  public static String target(String path, Map<String, String> query) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        out.append('/').append(encode(segment));
      }
    }
    if (out.length() == 0) {
      out.append('/');
    }
    char sep = '?';
    for (Map.Entry<String, String> q : query.entrySet()) {
      out.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
      sep = '&';
    }
    return out.toString();
  }

  /** RFC 3986 percent-encoding of everything but unreserved characters. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
