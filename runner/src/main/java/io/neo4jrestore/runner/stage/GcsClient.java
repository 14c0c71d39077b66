package io.neo4jrestore.runner.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The little of Google Cloud Storage's JSON API that staging needs (list objects, get an object's
 * media; insert and create a bucket for tests), over {@link HttpClient}. Credentials are the
 * service-account JSON key neo4j-admin gets (BackupAccess: the Secret's {@code
 * GOOGLE_APPLICATION_CREDENTIALS_JSON}, mounted as the file {@code
 * GOOGLE_APPLICATION_CREDENTIALS}): the client signs a JWT with the key's {@code private_key}
 * (RS256) and trades it at the key's {@code token_uri} for an access token (OAuth 2.0 JWT bearer
 * grant, scope {@code devstorage.read_only}). {@code STORAGE_EMULATOR_HOST} (as Google's libraries
 * read it, e.g. {@code http://127.0.0.1:4443}) replaces {@code https://storage.googleapis.com}.
 * Other credential types (user credentials, external accounts) and GKE Workload Identity are not
 * implemented: such a source is refused when staged.
 */
public final class GcsClient implements CloudStore {
  static final String SCOPE = "https://www.googleapis.com/auth/devstorage.read_only";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String clientEmail;
  private final PrivateKey privateKey;
  private final URI tokenUri;
  private final URI endpoint;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private String token;
  private Instant tokenExpires = Instant.MIN;

  GcsClient(String clientEmail, PrivateKey privateKey, URI tokenUri, URI endpoint, Clock clock) {
    this.clientEmail = clientEmail;
    this.privateKey = privateKey;
    this.tokenUri = tokenUri;
    this.endpoint = endpoint != null ? endpoint : URI.create("https://storage.googleapis.com");
    this.clock = clock;
  }

  /** From a service-account JSON key; throws naming the field that is missing or bad. */
  public static GcsClient fromKey(String keyJson, URI endpoint) throws StageException {
    JsonNode key;
    try {
      key = JSON.readTree(keyJson);
    } catch (IOException e) {
      throw new StageException(
          "GOOGLE_APPLICATION_CREDENTIALS_JSON is not JSON: put the service account's JSON key in"
              + " the credentials Secret");
    }
    if (key == null || !"service_account".equals(key.path("type").asText())) {
      throw new StageException(
          "GOOGLE_APPLICATION_CREDENTIALS_JSON is not a service account key (\"type\":"
              + " \"service_account\"); staging from gs:// supports only those, not user"
              + " credentials, external accounts or workload identity");
    }
    String email = key.path("client_email").asText("");
    String pem = key.path("private_key").asText("");
    String tokenUri = key.path("token_uri").asText("https://oauth2.googleapis.com/token");
    if (email.isBlank() || pem.isBlank()) {
      throw new StageException(
          "the service account key in GOOGLE_APPLICATION_CREDENTIALS_JSON has no client_email or"
              + " private_key; download a new JSON key for the service account");
    }
    try {
      return new GcsClient(
          email, privateKey(pem), URI.create(tokenUri), endpoint, Clock.systemUTC());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new StageException(
          "the private_key of the service account key in GOOGLE_APPLICATION_CREDENTIALS_JSON is"
              + " not an RSA PKCS#8 key; download a new JSON key for the service account",
          e);
    }
  }

  /** From {@code GOOGLE_APPLICATION_CREDENTIALS} (a file) and {@code STORAGE_EMULATOR_HOST}. */
  public static GcsClient fromEnvironment(Map<String, String> env) throws StageException {
    String file = env.get("GOOGLE_APPLICATION_CREDENTIALS");
    if (file == null || file.isBlank()) {
      throw new StageException(
          "staging from gs:// needs GOOGLE_APPLICATION_CREDENTIALS_JSON in the credentials Secret"
              + " of the source; workload identity is not supported for staging");
    }
    String key;
    try {
      key = Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new StageException(
          "cannot read the service account key " + file + ": " + e.getMessage(), e);
    }
    String emulator = env.get("STORAGE_EMULATOR_HOST");
    URI endpoint = null;
    if (emulator != null && !emulator.isBlank()) {
      String e = emulator.strip().replaceAll("/+$", "");
      endpoint = URI.create(e.contains("://") ? e : "http://" + e);
    }
    return fromKey(key, endpoint);
  }

  @Override
  public String scheme() {
    return "gs";
  }

  /** Object names under {@code prefix} (all pages). */
  @Override
  public List<String> list(String bucket, String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    String page = null;
    do {
      String q =
          "?prefix="
              + S3Client.encode(prefix)
              + "&fields="
              + S3Client.encode("items(name),nextPageToken")
              + (page == null ? "" : "&pageToken=" + S3Client.encode(page));
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(objects(bucket, q)).GET(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw failed("listing gs://" + bucket + "/" + prefix, r.statusCode(), r.body(), bucket);
      }
      JsonNode body = JSON.readTree(r.body());
      body.path("items").forEach(item -> names.add(item.path("name").asText()));
      page = body.hasNonNull("nextPageToken") ? body.get("nextPageToken").asText() : null;
    } while (page != null);
    return names;
  }

  /** The object's bytes as a stream, or empty when it does not exist. */
  @Override
  public Optional<InputStream> get(String bucket, String name) throws IOException {
    URI uri = URI.create(objects(bucket, "") + "/" + S3Client.encode(name) + "?alt=media");
    HttpResponse<InputStream> r =
        send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofInputStream());
    return CloudStore.found(
        r, (status, text) -> failed("reading gs://" + bucket + "/" + name, status, text, bucket));
  }

  /** Writes an object (small bodies: tests). */
  public void put(String bucket, String name, byte[] body) throws IOException {
    URI uri =
        URI.create(
            endpoint
                + "/upload/storage/v1/b/"
                + S3Client.encode(bucket)
                + "/o?uploadType=media&name="
                + S3Client.encode(name));
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw failed("writing gs://" + bucket + "/" + name, r.statusCode(), r.body(), bucket);
    }
  }

  /** Creates a bucket (tests against an emulator). */
  public void createBucket(String bucket) throws IOException {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(endpoint + "/storage/v1/b?project=test"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("name", bucket).toString())),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw failed("creating bucket " + bucket, r.statusCode(), r.body(), bucket);
    }
  }

  private URI objects(String bucket, String query) {
    return URI.create(endpoint + "/storage/v1/b/" + S3Client.encode(bucket) + "/o" + query);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
      throws IOException {
    request.timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + accessToken());
    return CloudStore.send(http, request.build(), body, "Google Cloud Storage");
  }

  /** A cached access token, renewed a minute before it expires. */
  private synchronized String accessToken() throws IOException {
    Instant now = clock.instant();
    if (token != null && now.isBefore(tokenExpires.minusSeconds(60))) {
      return token;
    }
    String form =
        "grant_type="
            + S3Client.encode("urn:ietf:params:oauth:grant-type:jwt-bearer")
            + "&assertion="
            + assertion(now);
    HttpResponse<String> r =
        CloudStore.send(
            http,
            HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString(),
            "the Google token endpoint");
    JsonNode answer = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    if (answer == null || !answer.hasNonNull("access_token")) {
      String error = r.body() == null ? "" : r.body().replaceAll("[\\s]+", " ");
      throw new IOException(
          "getting an access token for "
              + clientEmail
              + " from "
              + tokenUri
              + " failed: HTTP "
              + r.statusCode()
              + " "
              + (error.length() > 200 ? error.substring(0, 200) + "..." : error)
              + "; check GOOGLE_APPLICATION_CREDENTIALS_JSON in the credentials Secret (a current"
              + " key of a service account that may read the bucket)");
    }
    token = answer.get("access_token").asText();
    tokenExpires = now.plusSeconds(answer.path("expires_in").asLong(3600));
    return token;
  }

  /** The signed JWT of the bearer grant (RFC 7523): {@code header.claims.signature}. */
  String assertion(Instant now) throws IOException {
    String header = b64(JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").toString());
    String claims =
        b64(
            JSON.createObjectNode()
                .put("iss", clientEmail)
                .put("scope", SCOPE)
                .put("aud", tokenUri.toString())
                .put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + 3600)
                .toString());
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(privateKey);
      rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header + "." + claims + "." + b64(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign the token request with the service account key", e);
    }
  }

  private static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static IOException failed(String what, int status, String body, String bucket) {
    String hint =
        status == 401 || status == 403
            ? "; check that the service account in GOOGLE_APPLICATION_CREDENTIALS_JSON may read"
                + " bucket "
                + bucket
            : status == 404 ? "; check that bucket " + bucket + " exists" : "";
    String head = body == null ? "" : body.replaceAll("\\s+", " ");
    return new IOException(
        what
            + " failed: HTTP "
            + status
            + " "
            + (head.length() > 200 ? head.substring(0, 200) + "..." : head)
            + hint);
  }
}
