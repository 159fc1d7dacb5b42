package io.airlock.dataplane.mappers;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of a value's {@link CanonicalText canonical text} (UTF-8), as 64 lower-case hex
 * digits. Thread-safe: each thread gets its own {@link Mac} cloned from an initialized prototype,
 * and its own buffers, so hashing a String or a Long allocates nothing but the result.
 */
public final class HmacHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int DIGEST_LENGTH = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Mac prototype;
  private final ThreadLocal<State> state;

  /**
   * @param key the raw key bytes; copied into the MAC, the caller may zero its array
   */
  public HmacHasher(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("The hashing key is empty");
    }
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JDK", e);
    }
    state = ThreadLocal.withInitial(() -> new State(clonePrototype()));
  }

  /** The hex HMAC of {@code value}; null for null. */
  public String hash(Object value) {
    if (value == null) {
      return null;
    }
    State current = state.get();
    switch (value) {
      case String text -> current.updateUtf8(text);
      case Long number -> current.updateDecimal(number);
      case byte[] bytes -> current.mac.update(bytes);
      default -> current.updateUtf8(CanonicalText.of(value));
    }
    return current.finish();
  }

  private Mac clonePrototype() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(
          "The " + prototype.getProvider().getName() + " HMAC-SHA-256 cannot be cloned", e);
    }
  }

  /** One thread's MAC and buffers. */
  private static final class State {
    private final Mac mac;
    private final byte[] digest = new byte[DIGEST_LENGTH];
    private final char[] hex = new char[DIGEST_LENGTH * 2];
    private byte[] buffer = new byte[256];

    State(Mac mac) {
      this.mac = mac;
    }

    void updateUtf8(String text) {
      int length = text.length();
      if (buffer.length < length * 3) {
        buffer = new byte[Math.max(length * 3, buffer.length * 2)];
      }
      int position = 0;
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c < 0x80) {
          buffer[position++] = (byte) c;
        } else if (c < 0x800) {
          buffer[position++] = (byte) (0xC0 | (c >> 6));
          buffer[position++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          int codePoint = Character.toCodePoint(c, text.charAt(++i));
          buffer[position++] = (byte) (0xF0 | (codePoint >> 18));
          buffer[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
          buffer[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
          buffer[position++] = (byte) (0x80 | (codePoint & 0x3F));
        } else if (Character.isSurrogate(c)) {
          // A lone surrogate is not valid UTF-16; encoded as '?' like String.getBytes does.
          buffer[position++] = '?';
        } else {
          buffer[position++] = (byte) (0xE0 | (c >> 12));
          buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buffer[position++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      mac.update(buffer, 0, position);
    }

    void updateDecimal(long number) {
      if (number == Long.MIN_VALUE) {
        updateUtf8(Long.toString(number));
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
      mac.update(buffer, position, buffer.length - position);
    }

    String finish() {
      try {
        mac.doFinal(digest, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException("HMAC-SHA-256 digest buffer too short", e);
      }
      for (int i = 0; i < DIGEST_LENGTH; i++) {
        hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
        hex[2 * i + 1] = HEX[digest[i] & 0xF];
      }
      return new String(hex);
    }
  }
}
