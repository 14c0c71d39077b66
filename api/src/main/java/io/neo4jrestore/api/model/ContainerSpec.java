package io.neo4jrestore.api.model;

import java.util.List;

/** The hook container: image, exec-form command and args, environment. */
public record ContainerSpec(
    String image, List<String> command, List<String> args, List<EnvVar> env) {}
