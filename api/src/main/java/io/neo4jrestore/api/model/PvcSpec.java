package io.neo4jrestore.api.model;

/** A PersistentVolumeClaim holding backups. */
public record PvcSpec(String name, String storageClassName, String size) {}
