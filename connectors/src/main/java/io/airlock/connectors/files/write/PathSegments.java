package io.airlock.connectors.files.write;

import java.nio.charset.StandardCharsets;

/**
 * Turns a stream name into one folder name that is safe on every file system and bucket: letters,
 * digits, {@code -} and {@code .} stay; every other byte of its UTF-8 form, and a leading {@code .}
 * or {@code _} (which readers treat as hidden), becomes {@code %XX}. Different names stay
 * different.
 */
final class PathSegments {
  private PathSegments() {}

  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || (b == '.' && i > 0)
              || (b == '_' && i > 0);
      if (plain) {
        out.append((char) b);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    if (out.isEmpty() || out.toString().equals("..") || out.toString().equals(".")) {
      throw new IllegalArgumentException("A stream name must not be empty");
    }
    return out.toString();
  }
}
