package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

/** An enrolled data plane: who it is, and its current credentials. */
public record Enrolled(Identity identity, Credentials credentials) {
  public Enrolled {
    requireNonNull(identity, "identity is null");
    requireNonNull(credentials, "credentials is null");
  }
}
