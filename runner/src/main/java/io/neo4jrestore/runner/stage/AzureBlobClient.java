package io.neo4jrestore.runner.stage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The little of Azure Blob Storage that staging needs (List Blobs, Get Blob; Put Blob and Create
 * Container for tests), authorized with Shared Key over {@link HttpClient}. Credentials come from
 * the restore's credentials Secret, as the restore Job gives them to neo4j-admin (BackupAccess):
 * {@code AZURE_STORAGE_ACCOUNT}, {@code AZURE_STORAGE_KEY} (the account key, base64), and the
 * optional {@code AZURE_STORAGE_BLOB_ENDPOINT} for an emulator or sovereign cloud (path-style:
 * {@code http://127.0.0.1:10000/devstoreaccount1}); without it {@code
 * https://<account>.blob.core.windows.net}. Service principals ({@code AZURE_CLIENT_*}), SAS tokens
 * and workload identity are not implemented: such a source is refused when staged.
 *
 * <p>URIs are neo4j-admin's {@code azb://<account>/<container>/<path>}: {@link #list} and {@link
 * #get} take the account as the bucket and {@code <container>/<path>} as the key.
 */
public final class AzureBlobClient implements CloudStore {
  static final String VERSION = "2021-08-06";
  private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static final Pattern NAME = Pattern.compile("<Name>(.*?)</Name>", Pattern.DOTALL);
  private static final Pattern NEXT = Pattern.compile("<NextMarker>(.*?)</NextMarker>");

  private final String account;
  private final byte[] key;
  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  /**
   * @param account the storage account
   * @param base64Key the account key as Azure shows it (base64)
   * @param endpoint the blob endpoint, or null for {@code https://<account>.blob.core.windows.net}
   */
  public AzureBlobClient(String account, String base64Key, URI endpoint) {
    this.account = account;
    try {
      this.key = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "AZURE_STORAGE_KEY is not base64 (the account key as the Azure portal shows it)");
    }
    this.endpoint =
        endpoint != null ? endpoint : URI.create("https://" + account + ".blob.core.windows.net");
  }

  /** From the environment; throws naming the missing variable. */
  public static AzureBlobClient fromEnvironment(Map<String, String> env) throws StageException {
    String account = env.get("AZURE_STORAGE_ACCOUNT");
    String key = env.get("AZURE_STORAGE_KEY");
    if (account == null || account.isBlank() || key == null || key.isBlank()) {
      throw new StageException(
          "staging from azb:// needs AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY (the credentials"
              + " Secret of the source); service principals, SAS tokens and workload identity are"
              + " not supported for staging");
    }
    String endpoint = env.get("AZURE_STORAGE_BLOB_ENDPOINT");
    try {
      return new AzureBlobClient(
          account.strip(),
          key,
          endpoint == null || endpoint.isBlank()
              ? null
              : URI.create(endpoint.strip().replaceAll("/+$", "")));
    } catch (IllegalArgumentException e) {
      throw new StageException(e.getMessage() + " (credentials Secret of the source)", e);
    }
  }

  @Override
  public String scheme() {
    return "azb";
  }

  /** Blob keys ({@code <container>/<name>}) under {@code containerAndPrefix}, all pages. */
  @Override
  public List<String> list(String bucket, String containerAndPrefix) throws IOException {
    checkAccount(bucket, containerAndPrefix);
    int slash = containerAndPrefix.indexOf('/');
    String container = slash < 0 ? containerAndPrefix : containerAndPrefix.substring(0, slash);
    String prefix = slash < 0 ? "" : containerAndPrefix.substring(slash + 1);
    List<String> keys = new ArrayList<>();
    String marker = null;
    do {
      Map<String, String> query = new TreeMap<>();
      query.put("restype", "container");
      query.put("comp", "list");
      if (!prefix.isEmpty()) {
        query.put("prefix", prefix);
      }
      if (marker != null) {
        query.put("marker", marker);
      }
      HttpResponse<String> r =
          send("GET", container, "", query, null, Map.of(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw failed(
            "listing " + uri(bucket, containerAndPrefix), r.statusCode(), r.body(), container);
      }
      Matcher n = NAME.matcher(r.body());
      while (n.find()) {
        keys.add(container + "/" + S3Client.unescape(n.group(1)));
      }
      Matcher next = NEXT.matcher(r.body());
      marker = next.find() && !next.group(1).isBlank() ? S3Client.unescape(next.group(1)) : null;
    } while (marker != null);
    return keys;
  }

  /** The blob's bytes ({@code key} = {@code <container>/<name>}), or empty when it is missing. */
  @Override
  public Optional<InputStream> get(String bucket, String key) throws IOException {
    checkAccount(bucket, key);
    int slash = key.indexOf('/');
    HttpResponse<InputStream> r =
        send(
            "GET",
            key.substring(0, slash),
            key.substring(slash + 1),
            Map.of(),
            null,
            Map.of(),
            HttpResponse.BodyHandlers.ofInputStream());
    return CloudStore.found(
        r,
        (status, body) ->
            failed("reading " + uri(bucket, key), status, body, key.substring(0, slash)));
  }

  /** Writes a block blob (small bodies: tests). */
  public void put(String container, String blob, byte[] body) throws IOException {
    HttpResponse<String> r =
        send(
            "PUT",
            container,
            blob,
            Map.of(),
            body,
            Map.of("x-ms-blob-type", "BlockBlob"),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw failed(
          "writing " + uri(account, container + "/" + blob), r.statusCode(), r.body(), container);
    }
  }

  /** Creates a container (tests against an emulator). */
  public void createContainer(String container) throws IOException {
    HttpResponse<String> r =
        send(
            "PUT",
            container,
            "",
            Map.of("restype", "container"),
            new byte[0],
            Map.of(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw failed("creating container " + container, r.statusCode(), r.body(), container);
    }
  }

  private void checkAccount(String bucket, String key) throws IOException {
    if (!account.equals(bucket)) {
      throw new IOException(
          uri(bucket, key)
              + " is in storage account "
              + bucket
              + " but the credentials Secret is for "
              + account
              + " (AZURE_STORAGE_ACCOUNT); use one account for the base backup and the logs");
    }
  }

  private <T> HttpResponse<T> send(
      String method,
      String container,
      String blob,
      Map<String, String> query,
      byte[] body,
      Map<String, String> extra,
      HttpResponse.BodyHandler<T> handler)
      throws IOException {
    String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
    String path =
        base
            + "/"
            + S3Client.encode(container)
            + (blob.isEmpty() ? "" : "/" + S3Client.encodePath(blob));
    StringBuilder q = new StringBuilder();
    query.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "" : "&")
                .append(S3Client.encode(k))
                .append('=')
                .append(S3Client.encode(v)));
    TreeMap<String, String> headers = new TreeMap<>(extra);
    headers.put("x-ms-date", RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC)));
    headers.put("x-ms-version", VERSION);
    long length = body == null ? 0 : body.length;
    String signature = sign(key, stringToSign(method, account, path, query, headers, length, ""));
    URI uri =
        URI.create(
            endpoint.getScheme()
                + "://"
                + endpoint.getRawAuthority()
                + path
                + (q.length() == 0 ? "" : "?" + q));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(10))
            .header("Authorization", "SharedKey " + account + ":" + signature);
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return CloudStore.send(http, request.build(), handler, "Azure Blob Storage");
  }

  /**
   * Shared Key's string to sign (Blob service, version 2015-02-21 and later): the verb, eleven
   * standard headers (only Content-Length and Content-Type are ever sent here; a zero length is
   * empty), the {@code x-ms-*} headers sorted, then {@code /<account><path>} and each query
   * parameter as {@code \nname:value} sorted by name, values decoded.
   *
   * @param rawPath the request's path as sent (URL-encoded)
   * @param query the query parameters, decoded
   * @param msHeaders the {@code x-ms-*} headers, lower-case names
   */
  static String stringToSign(
      String method,
      String account,
      String rawPath,
      Map<String, String> query,
      Map<String, String> msHeaders,
      long contentLength,
      String contentType) {
    StringBuilder s = new StringBuilder(method).append('\n');
    s.append('\n'); // Content-Encoding
    s.append('\n'); // Content-Language
    s.append(contentLength == 0 ? "" : String.valueOf(contentLength)).append('\n');
    s.append('\n'); // Content-MD5
    s.append(contentType == null ? "" : contentType).append('\n');
    s.append("\n\n\n\n\n\n"); // Date, If-Modified-Since, If-Match, If-None-Match,
    // If-Unmodified-Since, Range
    new TreeMap<>(msHeaders)
        .forEach(
            (k, v) -> {
              if (k.startsWith("x-ms-")) {
                s.append(k).append(':').append(v.strip()).append('\n');
              }
            });
    s.append('/').append(account).append(rawPath);
    TreeMap<String, String> sorted = new TreeMap<>();
    query.forEach((k, v) -> sorted.put(k.toLowerCase(java.util.Locale.ROOT), v));
    sorted.forEach((k, v) -> s.append('\n').append(k).append(':').append(v));
    return s.toString();
  }

  /** base64(HMAC-SHA256(key, stringToSign)). */
  static String sign(byte[] key, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JRE", e);
    }
  }

  private static String uri(String account, String key) {
    return "azb://" + account + "/" + key;
  }

  private static IOException failed(String what, int status, String body, String container) {
    String code = body == null ? "" : body.replaceAll("(?s).*<Code>(.*?)</Code>.*", "$1");
    String hint =
        status == 403
            ? "; check AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY in the credentials Secret"
            : status == 404 ? "; check that container " + container + " exists" : "";
    return new IOException(
        what
            + " failed: HTTP "
            + status
            + (code.equals(body) || code.isBlank() ? "" : " " + code)
            + hint);
  }
}
