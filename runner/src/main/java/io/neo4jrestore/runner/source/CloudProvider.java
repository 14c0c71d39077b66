package io.neo4jrestore.runner.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code cloud.provider} (and {@code identity.provider}, which must equal it) decides: the
 * credential keys a {@code credentialsSecretRef} Secret must hold, and the workload-identity
 * annotation a ServiceAccount must carry (and, for Azure, the pod label). Pure. The facts and their
 * sources are in docs/compat.md ("Cloud credentials", "Workload identity").
 */
public enum CloudProvider {
  /** EKS IAM roles for service accounts. */
  AWS("aws", "s3", "eks.amazonaws.com/role-arn"),
  /** GKE Workload Identity. */
  GCP("gcp", "gcs", "iam.gke.io/gcp-service-account"),
  /** Microsoft Entra (Azure AD) Workload Identity. */
  AZURE("azure", "azure", "azure.workload.identity/client-id");

  /** The pod label the Azure Workload Identity webhook requires before it mutates a pod. */
  public static final Map<String, String> AZURE_POD_LABEL =
      Map.of("azure.workload.identity/use", "true");

  private final String value;
  private final String storageType;
  private final String identityAnnotation;

  CloudProvider(String value, String storageType, String identityAnnotation) {
    this.value = value;
    this.storageType = storageType;
    this.identityAnnotation = identityAnnotation;
  }

  public String value() {
    return value;
  }

  /** The ServiceAccount annotation that binds it to a cloud identity. */
  public String identityAnnotation() {
    return identityAnnotation;
  }

  /**
   * The provider of a location: {@code cloud.provider} when set (the CRD requires it to match the
   * storage type), else the one the storage type implies; null for a PVC.
   */
  public static CloudProvider of(String storageType, String cloudProvider) {
    for (CloudProvider p : values()) {
      if (cloudProvider != null
          ? p.value.equals(cloudProvider.toLowerCase(Locale.ROOT))
          : p.storageType.equals(storageType)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The keys a credentials Secret lacks for this provider, in words; empty when it has what is
   * needed: AWS {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}; GCP {@code
   * GOOGLE_APPLICATION_CREDENTIALS_JSON}; Azure {@code AZURE_STORAGE_ACCOUNT} and either {@code
   * AZURE_STORAGE_KEY} or {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID} and {@code
   * AZURE_CLIENT_SECRET}.
   */
  public List<String> missingCredentialKeys(Set<String> keys) {
    List<String> missing = new ArrayList<>();
    switch (this) {
      case AWS -> {
        for (String k : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
          if (!keys.contains(k)) {
            missing.add(k);
          }
        }
      }
      case GCP -> {
        if (!keys.contains("GOOGLE_APPLICATION_CREDENTIALS_JSON")) {
          missing.add("GOOGLE_APPLICATION_CREDENTIALS_JSON");
        }
      }
      case AZURE -> {
        if (!keys.contains("AZURE_STORAGE_ACCOUNT")) {
          missing.add("AZURE_STORAGE_ACCOUNT");
        }
        boolean sharedKey = keys.contains("AZURE_STORAGE_KEY");
        boolean servicePrincipal =
            keys.containsAll(List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"));
        if (!sharedKey && !servicePrincipal) {
          missing.add(
              "AZURE_STORAGE_KEY (or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET)");
        }
      }
    }
    return missing;
  }

  /** The outcome of checking a workload-identity ServiceAccount's annotations. */
  public record IdentityCheck(boolean refused, String message) {
    static IdentityCheck ok() {
      return new IdentityCheck(false, null);
    }
  }

  /**
   * Checks the annotations of the ServiceAccount the Jobs will run as ({@code serviceAccount} names
   * it, for the messages). Refused: another provider's identity annotation without this one's (the
   * ServiceAccount is bound elsewhere), or, for Azure, no client-id (the webhook has nothing to
   * inject). A warning (not refused): no AWS or GCP annotation, because EKS Pod Identity and GKE
   * direct resource access bind a ServiceAccount without one, and the runner cannot see those
   * bindings.
   */
  public IdentityCheck check(String serviceAccount, Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    if (a.containsKey(identityAnnotation) && !a.get(identityAnnotation).isBlank()) {
      return IdentityCheck.ok();
    }
    for (CloudProvider other : values()) {
      if (other != this && a.containsKey(other.identityAnnotation)) {
        return new IdentityCheck(
            true,
            "ServiceAccount "
                + serviceAccount
                + " carries "
                + other.identityAnnotation
                + " ("
                + other.value
                + ") but the storage's provider is "
                + value
                + ", which needs "
                + identityAnnotation);
      }
    }
    if (this == AZURE) {
      return new IdentityCheck(
          true,
          "ServiceAccount "
              + serviceAccount
              + " has no "
              + identityAnnotation
              + " annotation: Azure Workload Identity injects the identity it names into pods"
              + " labelled azure.workload.identity/use=true; add the annotation (autoCreate"
              + ".annotations, or kubectl annotate serviceaccount "
              + serviceAccount
              + " "
              + identityAnnotation
              + "=<client id>)");
    }
    return new IdentityCheck(
        false,
        "ServiceAccount "
            + serviceAccount
            + " has no "
            + identityAnnotation
            + " annotation: the Jobs read the storage only if "
            + (this == AWS
                ? "an EKS Pod Identity association names it"
                : "the bucket grants access to its Kubernetes principal directly")
            + ", otherwise with the node's own identity");
  }
}
