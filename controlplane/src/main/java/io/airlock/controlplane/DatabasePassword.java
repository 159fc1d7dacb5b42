package io.airlock.controlplane;

import static java.util.Objects.requireNonNull;

/**
 * The password of an external control-plane database. It prints as redacted; {@link #reveal()} is
 * the one call that reads it.
 */
public final class DatabasePassword {
  private final String value;

  private DatabasePassword(String value) {
    this.value = value;
  }

  /** Wraps a password, or returns null for null. */
  public static DatabasePassword ofNullable(String value) {
    return value == null ? null : new DatabasePassword(value);
  }

  public static DatabasePassword of(String value) {
    return new DatabasePassword(requireNonNull(value, "value is null"));
  }

  /** The password itself, for the JDBC driver only. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
