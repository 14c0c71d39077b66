package io.neo4jrestore.runner.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudProviderTest {
  @Test
  void cloud_provider_decides_the_provider_and_the_storage_type_implies_it_when_absent() {
    assertEquals(CloudProvider.AWS, CloudProvider.of("s3", null));
    assertEquals(CloudProvider.GCP, CloudProvider.of("gcs", null));
    assertEquals(CloudProvider.AZURE, CloudProvider.of("azure", null));
    assertEquals(CloudProvider.GCP, CloudProvider.of("gcs", "gcp"));
    assertEquals(CloudProvider.AWS, CloudProvider.of("s3", "aws"));
    assertNull(CloudProvider.of("pvc", null));
  }

  @Test
  void a_credentials_secret_must_hold_the_keys_of_its_provider() {
    assertEquals(
        List.of("AWS_SECRET_ACCESS_KEY"),
        CloudProvider.AWS.missingCredentialKeys(Set.of("AWS_ACCESS_KEY_ID", "AWS_REGION")));
    assertEquals(
        List.of("GOOGLE_APPLICATION_CREDENTIALS_JSON"),
        CloudProvider.GCP.missingCredentialKeys(Set.of("AWS_ACCESS_KEY_ID")));
    assertEquals(
        List.of(),
        CloudProvider.AZURE.missingCredentialKeys(
            Set.of("AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY")));
    assertEquals(
        List.of(),
        CloudProvider.AZURE.missingCredentialKeys(
            Set.of(
                "AZURE_STORAGE_ACCOUNT",
                "AZURE_CLIENT_ID",
                "AZURE_TENANT_ID",
                "AZURE_CLIENT_SECRET")));
    assertEquals(2, CloudProvider.AZURE.missingCredentialKeys(Set.of("AZURE_CLIENT_ID")).size());
  }

  @Test
  void identity_provider_decides_the_service_account_annotation_that_is_checked() {
    assertEquals(
        new CloudProvider.IdentityCheck(false, null),
        CloudProvider.AWS.check(
            "ns/sa", Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/r")));
    CloudProvider.IdentityCheck mismatch =
        CloudProvider.GCP.check("ns/sa", Map.of("eks.amazonaws.com/role-arn", "arn"));
    assertTrue(mismatch.refused());
    assertTrue(mismatch.message().contains("iam.gke.io/gcp-service-account"), mismatch.message());
    CloudProvider.IdentityCheck azure = CloudProvider.AZURE.check("ns/sa", Map.of());
    assertTrue(azure.refused(), "Azure needs the client-id the webhook injects");
    CloudProvider.IdentityCheck aws = CloudProvider.AWS.check("ns/sa", null);
    assertFalse(aws.refused(), "EKS Pod Identity binds without an annotation: a warning");
    assertTrue(aws.message().contains("EKS Pod Identity"), aws.message());
    assertFalse(CloudProvider.GCP.check("ns/sa", Map.of()).refused());
  }
}
