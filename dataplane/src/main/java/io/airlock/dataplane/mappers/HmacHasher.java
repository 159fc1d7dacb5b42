package io.airlock.dataplane.mappers;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * HMAC-SHA-256 of a value's {@link CanonicalText canonical text} (UTF-8), as 64 lower-case hex
 * digits.
 *
 * <p>HMAC as RFC 2104 defines it: {@code H((K0 ^ opad) || H((K0 ^ ipad) || message))}, where {@code
 * K0} is the key (hashed first when longer than a block) padded with zeros to SHA-256's 64-byte
 * block. Each padded key is exactly one block, so the hasher digests both once, when it is made,
 * and every value starts from copies of those two states: two SHA-256 compressions for a short
 * value, where {@link javax.crypto.Mac} spends four because it hashes the padded key blocks again
 * for every message. The results are the same; tests compare them with an independent HMAC
 * implementation. The hasher keeps no copy of the key, only the two digest states.
 *
 * <p>Thread-safe: each thread gets its own {@link Session} (copies of the keyed states, and
 * buffers). Code that hashes many values on one thread takes the {@link #session()} once and hashes
 * through it, saving a thread-local look-up per value.
 */
public final class HmacHasher {
  private static final String DIGEST = "SHA-256";
  private static final int BLOCK_LENGTH = 64;
  private static final int DIGEST_LENGTH = 32;
  private static final byte INNER_PAD = 0x36;
  private static final byte OUTER_PAD = 0x5c;
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest innerKeyed;
  private final MessageDigest outerKeyed;
  private final ThreadLocal<Session> sessions;

  /**
   * @param key the raw key bytes; the caller may zero its array afterwards
   */
  public HmacHasher(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("The hashing key is empty");
    }
    byte[] blockKey = key.length > BLOCK_LENGTH ? sha256().digest(key) : key;
    byte[] block = new byte[BLOCK_LENGTH];
    try {
      innerKeyed = keyed(blockKey, block, INNER_PAD);
      outerKeyed = keyed(blockKey, block, OUTER_PAD);
      // Fails here rather than at the first value when the provider's digests cannot be copied.
      copy(innerKeyed);
    } finally {
      Arrays.fill(block, (byte) 0);
      if (blockKey != key) {
        Arrays.fill(blockKey, (byte) 0);
      }
    }
    sessions = ThreadLocal.withInitial(() -> new Session(copy(innerKeyed), copy(outerKeyed)));
  }

  /** The hex HMAC of {@code value}; null for null. */
  public String hash(Object value) {
    return sessions.get().hash(value);
  }

  /**
   * The calling thread's hashing state. It hashes exactly as {@link #hash}, and must be used on the
   * calling thread only.
   */
  public Session session() {
    return sessions.get();
  }

  /** A digest that has consumed the key padded to one block and XORed with {@code pad}. */
  private static MessageDigest keyed(byte[] key, byte[] block, byte pad) {
    for (int i = 0; i < BLOCK_LENGTH; i++) {
      block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
    }
    MessageDigest digest = sha256();
    digest.update(block);
    return digest;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance(DIGEST);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(
          "The "
              + digest.getProvider().getName()
              + " SHA-256 cannot be copied; hashing needs a provider whose digests can be cloned,"
              + " such as the JDK's SUN provider",
          e);
    }
  }

  /** One thread's keyed digest states and buffers; not thread-safe. */
  public static final class Session {
    private final MessageDigest innerKeyed;
    private final MessageDigest outerKeyed;
    private final byte[] digest = new byte[DIGEST_LENGTH];
    private final byte[] buffer = new byte[20];

    private Session(MessageDigest innerKeyed, MessageDigest outerKeyed) {
      this.innerKeyed = innerKeyed;
      this.outerKeyed = outerKeyed;
    }

    /** The hex HMAC of {@code value}; null for null. */
    public String hash(Object value) {
      if (value == null) {
        return null;
      }
      MessageDigest inner = copy(innerKeyed);
      switch (value) {
        case String text -> updateUtf8(inner, text);
        case Long number -> updateDecimal(inner, number);
        case byte[] bytes -> inner.update(bytes);
        default -> updateUtf8(inner, CanonicalText.of(value));
      }
      return finish(inner);
    }

    /** UTF-8 as {@link String#getBytes} encodes it: an unpaired surrogate becomes {@code ?}. */
    private void updateUtf8(MessageDigest inner, String text) {
      inner.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private void updateDecimal(MessageDigest inner, long number) {
      if (number == Long.MIN_VALUE) {
        updateUtf8(inner, Long.toString(number));
        return;
      }
      int position = buffer.length;
      long rest = Math.abs(number);
      do {
        buffer[--position] = (byte) ('0' + rest % 10);
        rest /= 10;
      } while (rest != 0);
      if (number < 0) {
        buffer[--position] = '-';
      }
      inner.update(buffer, position, buffer.length - position);
    }

    /** Completes the inner hash, hashes it from the outer keyed state, and returns it as hex. */
    private String finish(MessageDigest inner) {
      complete(inner);
      MessageDigest outer = copy(outerKeyed);
      outer.update(digest, 0, DIGEST_LENGTH);
      complete(outer);
      return HEX.formatHex(digest);
    }

    private void complete(MessageDigest hash) {
      try {
        hash.digest(digest, 0, DIGEST_LENGTH);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 digest buffer too short", e);
      }
    }
  }
}
