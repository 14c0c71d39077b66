package io.neo4jrestore.runner.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AzureBlobClientTest {

  /**
   * The example of Azure's "Authorize with Shared Key" page (Blob service, version 2009-09-19 and
   * later): a Get Container Metadata request on the emulator's path-style URL.
   */
  @Test
  void string_to_sign_matches_the_documented_example() {
    Map<String, String> headers = new TreeMap<>();
    headers.put("x-ms-version", "2009-09-19");
    headers.put("x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT");
    Map<String, String> query = new TreeMap<>();
    query.put("timeout", "20");
    query.put("restype", "container");
    query.put("comp", "metadata");

    String toSign =
        AzureBlobClient.stringToSign(
            "GET", "myaccount", "/myaccount/mycontainer", query, headers, 0, "");

    assertEquals(
        "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            + "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n"
            + "/myaccount/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20",
        toSign);
  }

  @Test
  void a_body_length_is_signed_and_other_headers_are_not() {
    Map<String, String> headers =
        Map.of(
            "x-ms-date", "Mon, 01 Jan 2024 00:00:00 GMT",
            "x-ms-version", AzureBlobClient.VERSION,
            "x-ms-blob-type", "BlockBlob");

    String toSign =
        AzureBlobClient.stringToSign(
            "PUT", "acct", "/c/logs/orders-2.backup.zst.enc", Map.of(), headers, 42, "");

    assertEquals(
        "PUT\n\n\n42\n\n\n\n\n\n\n\n\n"
            + "x-ms-blob-type:BlockBlob\nx-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-version:"
            + AzureBlobClient.VERSION
            + "\n/acct/c/logs/orders-2.backup.zst.enc",
        toSign);
  }

  /** RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?"), base64. */
  @Test
  void the_signature_is_base64_hmac_sha256_with_the_decoded_key() {
    assertEquals(
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
        AzureBlobClient.sign("Jefe".getBytes(), "what do ya want for nothing?"));
  }

  @Test
  void missing_credentials_name_the_variables() {
    StageException e =
        assertThrows(
            StageException.class,
            () -> AzureBlobClient.fromEnvironment(Map.of("AZURE_STORAGE_ACCOUNT", "acct")));
    assertTrue(e.getMessage().contains("AZURE_STORAGE_KEY"), e.getMessage());
  }
}
