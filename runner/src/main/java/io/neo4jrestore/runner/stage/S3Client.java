package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The little of S3 that staging needs (ListObjectsV2, GetObject; PutObject for {@code pack} and
 * tests), signed with AWS Signature Version 4 over {@link HttpClient}. Credentials and endpoint
 * come from the environment the restore Job already gives neo4j-admin (COMPAT.md): {@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN}, {@code
 * AWS_REGION} (default {@code us-east-1}), and {@code AWS_ENDPOINT_URL_S3} for an S3-compatible
 * store (path-style requests); without it virtual-hosted AWS endpoints are used. Workload identity
 * (web identity tokens, instance roles) is not implemented: such a source is refused when staged.
 */
public final class S3Client implements CloudStore {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String UNSIGNED = "UNSIGNED-PAYLOAD";
  private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
  private static final Pattern NEXT =
      Pattern.compile("<NextContinuationToken>(.*?)</NextContinuationToken>");

  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final String region;
  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  public S3Client(
      String accessKey, String secretKey, String sessionToken, String region, URI endpoint) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
    this.region = region == null || region.isBlank() ? "us-east-1" : region;
    this.endpoint = endpoint;
  }

  /** From the environment; throws naming the missing variable. */
  public static S3Client fromEnvironment(Map<String, String> env) throws StageException {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) {
      throw new StageException(
          "staging from s3:// needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the credentials"
              + " Secret of the source); workload identity is not supported for staging");
    }
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    return new S3Client(
        id,
        secret,
        env.get("AWS_SESSION_TOKEN"),
        env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")),
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip()));
  }

  @Override
  public String scheme() {
    return "s3";
  }

  /** Object keys under {@code prefix} (all pages). */
  @Override
  public List<String> list(String bucket, String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> query = new TreeMap<>();
      query.put("list-type", "2");
      query.put("prefix", prefix);
      if (token != null) {
        query.put("continuation-token", token);
      }
      HttpResponse<String> r =
          send("GET", bucket, "", query, null, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw failed("listing s3://" + bucket + "/" + prefix, r.statusCode(), r.body());
      }
      Matcher k = KEY.matcher(r.body());
      while (k.find()) {
        keys.add(unescape(k.group(1)));
      }
      Matcher n = NEXT.matcher(r.body());
      token =
          r.body().contains("<IsTruncated>true</IsTruncated>") && n.find()
              ? unescape(n.group(1))
              : null;
    } while (token != null);
    return keys;
  }

  /** The object's bytes as a stream, or empty when it does not exist. */
  @Override
  public Optional<InputStream> get(String bucket, String key) throws IOException {
    HttpResponse<InputStream> r =
        send("GET", bucket, key, Map.of(), null, HttpResponse.BodyHandlers.ofInputStream());
    return CloudStore.found(
        r, (status, body) -> failed("reading s3://" + bucket + "/" + key, status, body));
  }

  /** Writes an object (small bodies: tests and sidecars). */
  public void put(String bucket, String key, byte[] body) throws IOException {
    HttpResponse<String> r =
        send("PUT", bucket, key, Map.of(), body, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw failed("writing s3://" + bucket + "/" + key, r.statusCode(), r.body());
    }
  }

  /** Creates a bucket (tests against an emulator). */
  public void createBucket(String bucket) throws IOException {
    byte[] body =
        region.equals("us-east-1")
            ? new byte[0]
            : ("<CreateBucketConfiguration><LocationConstraint>"
                    + region
                    + "</LocationConstraint></CreateBucketConfiguration>")
                .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r =
        send("PUT", bucket, "", Map.of(), body, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw failed("creating bucket " + bucket, r.statusCode(), r.body());
    }
  }

  private <T> HttpResponse<T> send(
      String method,
      String bucket,
      String key,
      Map<String, String> query,
      byte[] body,
      HttpResponse.BodyHandler<T> handler)
      throws IOException {
    String host;
    String path;
    String scheme;
    if (endpoint != null) {
      scheme = endpoint.getScheme();
      host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
      String base =
          endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
      path = base + "/" + bucket + (key.isEmpty() ? "" : "/" + encodePath(key));
    } else {
      scheme = "https";
      host = bucket + ".s3." + region + ".amazonaws.com";
      path = "/" + encodePath(key);
    }
    StringBuilder q = new StringBuilder();
    new TreeMap<>(query)
        .forEach(
            (k, v) ->
                q.append(q.length() == 0 ? "" : "&")
                    .append(encode(k))
                    .append('=')
                    .append(encode(v)));
    String payloadHash = body == null ? UNSIGNED : hex(sha256(body));
    String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("host", host);
    headers.put("x-amz-content-sha256", payloadHash);
    headers.put("x-amz-date", amzDate);
    if (sessionToken != null && !sessionToken.isBlank()) {
      headers.put("x-amz-security-token", sessionToken);
    }
    String signedHeaders = String.join(";", headers.keySet());
    StringBuilder canonicalHeaders = new StringBuilder();
    headers.forEach(
        (k, v) -> canonicalHeaders.append(k).append(':').append(v.strip()).append('\n'));
    String canonical =
        method
            + "\n"
            + path
            + "\n"
            + q
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + payloadHash;
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/s3/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    k = hmac(k, region);
    k = hmac(k, "s3");
    k = hmac(k, "aws4_request");
    String signature = hex(hmac(k, toSign));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(scheme + "://" + host + path + (q.length() == 0 ? "" : "?" + q)))
            .timeout(Duration.ofMinutes(10))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + accessKey
                    + "/"
                    + scope
                    + ", SignedHeaders="
                    + signedHeaders
                    + ", Signature="
                    + signature);
    headers.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            request.header(name, value);
          }
        });
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return CloudStore.send(http, request.build(), handler, "S3");
  }

  /** RFC 3986 unreserved characters stay, everything else is %XX (SigV4's rule). */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  static String encodePath(String key) {
    StringBuilder out = new StringBuilder();
    String[] parts = key.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      out.append(i == 0 ? "" : "/").append(encode(parts[i]));
    }
    return out.toString();
  }

  static String unescape(String xml) {
    return xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  private static IOException failed(String what, int status, String body) {
    return new IOException(what + " failed: HTTP " + status + " " + head(body));
  }

  private static String head(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static byte[] sha256(byte[] data) {
    MessageDigest d = Checksums.sha256();
    return d.digest(data);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JRE", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
