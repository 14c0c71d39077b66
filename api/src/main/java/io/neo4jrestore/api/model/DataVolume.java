package io.neo4jrestore.api.model;

/**
 * A data volume of the target's StatefulSet, as recorded before an offline restore scaled it down.
 *
 * @param name the PVC ({@code <volumeClaimTemplate>-<statefulset>-<ordinal>})
 * @param uid the PVC's UID: a claim deleted and created again under the same name has a new one
 * @param volumeName the PersistentVolume it was bound to, when it was
 */
public record DataVolume(String name, String uid, String volumeName) {}
