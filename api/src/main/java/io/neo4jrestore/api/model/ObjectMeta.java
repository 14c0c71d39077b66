package io.neo4jrestore.api.model;

import java.util.List;
import java.util.Map;

/**
 * The parts of Kubernetes object metadata this product reads or writes. Fields the API server
 * manages on its own (managedFields, selfLink) are not modelled and are ignored when read.
 */
public record ObjectMeta(
    String name,
    String generateName,
    String namespace,
    String uid,
    String resourceVersion,
    Long generation,
    String creationTimestamp,
    String deletionTimestamp,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> finalizers,
    List<OwnerReference> ownerReferences) {

  public static ObjectMeta named(String namespace, String name) {
    return new ObjectMeta(
        name, null, namespace, null, null, null, null, null, null, null, null, null);
  }

  public ObjectMeta withLabels(Map<String, String> newLabels) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        newLabels,
        annotations,
        finalizers,
        ownerReferences);
  }

  public ObjectMeta withGeneration(Long newGeneration) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        newGeneration,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences);
  }

  public ObjectMeta withAnnotations(Map<String, String> newAnnotations) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        newAnnotations,
        finalizers,
        ownerReferences);
  }

  public String annotation(String key) {
    return annotations == null ? null : annotations.get(key);
  }

  public String label(String key) {
    return labels == null ? null : labels.get(key);
  }

  /** A Kubernetes owner reference. */
  public record OwnerReference(
      String apiVersion,
      String kind,
      String name,
      String uid,
      Boolean controller,
      Boolean blockOwnerDeletion) {}
}
