package io.airlock.connectors.postgres;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches in byte arrays eight bytes at a time, for the hot loops of the COPY text codecs. Each
 * step loads a little-endian {@code long} and flags its bytes with the classic borrow tricks:
 * {@code (w - 0x0101…) & ~w & 0x8080…} is non-zero exactly when some byte of {@code w} is zero, and
 * its lowest flagged byte is always a true match (a borrow only carries towards higher bytes), so
 * the first match's index is exact.
 */
final class ByteScan {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long TABS = '\t' * ONES;
  private static final long BACKSLASHES = '\\' * ONES;
  private static final long QUESTION_MARKS = '?' * ONES;
  private static final long SPACES = ' ' * ONES;
  private static final boolean[] CONTROL_BACKSLASH_OR_QUESTION_MARK =
      controlBackslashOrQuestionMark();

  private ByteScan() {}

  private static boolean[] controlBackslashOrQuestionMark() {
    boolean[] table = new boolean[256];
    for (int b = 0; b < ' '; b++) {
      table[b] = true;
    }
    table['\\'] = true;
    table['?'] = true;
    return table;
  }

  /** The index of the first tab or backslash in {@code [from, to)}, or {@code to}. */
  static int indexOfTabOrBackslash(byte[] bytes, int from, int to) {
    if (to - from < Long.BYTES) {
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\t' || bytes[i] == '\\') {
          return i;
        }
      }
      return to;
    }
    int last = to - Long.BYTES;
    for (int i = from; i < last; i += Long.BYTES) {
      long found = tabsOrBackslashes((long) LONGS.get(bytes, i));
      if (found != 0) {
        return i + firstFlagged(found);
      }
    }
    // The last word may overlap bytes already searched, which hold no match.
    long found = tabsOrBackslashes((long) LONGS.get(bytes, last));
    return found != 0 ? last + firstFlagged(found) : to;
  }

  /** The index of the first tab in {@code [from, to)}, or {@code to}. */
  static int indexOfTab(byte[] bytes, int from, int to) {
    if (to - from < Long.BYTES) {
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\t') {
          return i;
        }
      }
      return to;
    }
    int last = to - Long.BYTES;
    for (int i = from; i < last; i += Long.BYTES) {
      long found = zeroBytes((long) LONGS.get(bytes, i) ^ TABS);
      if (found != 0) {
        return i + firstFlagged(found);
      }
    }
    long found = zeroBytes((long) LONGS.get(bytes, last) ^ TABS);
    return found != 0 ? last + firstFlagged(found) : to;
  }

  /**
   * Whether {@code [from, to)} holds an ASCII control character (below 0x20), a backslash or a
   * question mark. Bytes from 0x80 up, the parts of multi-byte UTF-8 characters, do not count. A
   * range of eight bytes or more ends with one last word that overlaps the previous one.
   */
  static boolean hasControlBackslashOrQuestionMark(byte[] bytes, int from, int to) {
    if (to - from < Long.BYTES) {
      for (int i = from; i < to; i++) {
        if (CONTROL_BACKSLASH_OR_QUESTION_MARK[bytes[i] & 0xff]) {
          return true;
        }
      }
      return false;
    }
    int last = to - Long.BYTES;
    for (int i = from; i < last; i += Long.BYTES) {
      if (controlsBackslashesOrQuestionMarks((long) LONGS.get(bytes, i)) != 0) {
        return true;
      }
    }
    return controlsBackslashesOrQuestionMarks((long) LONGS.get(bytes, last)) != 0;
  }

  private static long tabsOrBackslashes(long word) {
    return zeroBytes(word ^ TABS) | zeroBytes(word ^ BACKSLASHES);
  }

  private static long controlsBackslashesOrQuestionMarks(long word) {
    return belowSpace(word) | zeroBytes(word ^ BACKSLASHES) | zeroBytes(word ^ QUESTION_MARKS);
  }

  /** Non-zero exactly when some byte of {@code word} is zero. */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGH_BITS;
  }

  /**
   * Non-zero exactly when some byte of {@code word} is below 0x20: subtracting 0x20 sets the high
   * bit of such a byte, and {@code ~word} drops bytes from 0x80 up.
   */
  private static long belowSpace(long word) {
    return (word - SPACES) & ~word & HIGH_BITS;
  }

  /** The position (0 to 7) of the lowest byte whose high bit is set in {@code flags}. */
  private static int firstFlagged(long flags) {
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }
}
