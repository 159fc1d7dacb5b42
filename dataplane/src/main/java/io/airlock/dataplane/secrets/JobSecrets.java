package io.airlock.dataplane.secrets;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of one job. Each reference is resolved at most once, just in time; every caller gets
 * its own copy (so a connector closing its copy does not break another). {@link #close()} zeroes
 * every copy and the cache at the end of the job.
 */
public final class JobSecrets implements SecretResolver, AutoCloseable {
  private final SecretResolver resolver;
  private final Map<String, Secret> cache = new HashMap<>();
  private final List<Secret> handedOut = new ArrayList<>();
  private boolean closed;

  public JobSecrets(SecretResolver resolver) {
    this.resolver = requireNonNull(resolver, "resolver is null");
  }

  @Override
  public synchronized Secret resolve(String reference) {
    requireNonNull(reference, "reference is null");
    if (closed) {
      throw new IllegalStateException("The job's secrets were already released");
    }
    Secret cached = cache.get(reference);
    if (cached == null) {
      cached = resolver.resolve(reference);
      cache.put(reference, cached);
    }
    byte[] bytes = cached.revealBytes();
    try {
      Secret copy = Secret.of(bytes);
      handedOut.add(copy);
      return copy;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Replaces every resolved secret value that occurs in {@code text} by {@code <redacted>}: a
   * safety net for error messages that leave the data plane.
   */
  public synchronized String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (Secret secret : cache.values()) {
      String value = secret.reveal();
      if (value.length() >= 4) {
        redacted = redacted.replace(value, "<redacted>");
      }
    }
    return redacted;
  }

  /** How many distinct references were resolved. */
  public synchronized int resolvedCount() {
    return cache.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    handedOut.forEach(Secret::close);
    cache.values().forEach(Secret::close);
    handedOut.clear();
    cache.clear();
  }
}
