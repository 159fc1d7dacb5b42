package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret value resolved just in time inside the data plane. It prints as redacted; {@link
 * #reveal()} is the one way to read it, so every read can be found with grep.
 */
public final class Secret implements AutoCloseable {
  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  public static Secret of(byte[] value) {
    requireNonNull(value, "value is null");
    return new Secret(value.clone());
  }

  public static Secret of(String value) {
    requireNonNull(value, "value is null");
    return new Secret(value.getBytes(StandardCharsets.UTF_8));
  }

  /** The raw bytes. Callers must not log, store or send them. */
  public byte[] revealBytes() {
    return value.clone();
  }

  /** The value as UTF-8 text. Callers must not log, store or send it. */
  public String reveal() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Overwrites the value in memory; the secret is unusable afterwards. */
  @Override
  public void close() {
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public String toString() {
    return "Secret[<redacted>]";
  }
}
