package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches agree with a byte-by-byte loop on every range of random arrays. */
class ByteScanTest {
  /** Bytes the searches look for or could confuse: targets, their neighbours, UTF-8 parts. */
  private static final byte[] ALPHABET = {
    '\t',
    '\\',
    '?',
    0,
    0x08,
    0x0a,
    0x1f,
    ' ',
    '[',
    ']',
    '>',
    '@',
    'a',
    0x7f,
    (byte) 0x80,
    (byte) 0x89,
    (byte) 0xa0,
    (byte) 0xdc,
    (byte) 0xff
  };

  private final Random random = new Random(7);

  @Test
  void searchesAgreeWithAByteLoop() {
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = randomBytes(random.nextInt(0, 40), random.nextInt(1, 30));
      int from = random.nextInt(0, bytes.length + 1);
      int to = random.nextInt(from, bytes.length + 1);

      assertThat(ByteScan.indexOfTabOrBackslash(bytes, from, to))
          .isEqualTo(firstIndex(bytes, from, to, b -> b == '\t' || b == '\\'));
      assertThat(ByteScan.indexOfTab(bytes, from, to))
          .isEqualTo(firstIndex(bytes, from, to, b -> b == '\t'));
      assertThat(ByteScan.hasControlBackslashOrQuestionMark(bytes, from, to))
          .isEqualTo(
              firstIndex(bytes, from, to, b -> b >= 0 && b < ' ' || b == '\\' || b == '?') < to);
    }
  }

  @Test
  void aMatchAfterAZeroByteIsNotMissedNorReportedEarly() {
    byte[] bytes = {'a', 0, 0, '\t', 'b', '\\', 'c', 'd', 'e', 'f', 'g'};

    assertThat(ByteScan.indexOfTabOrBackslash(bytes, 0, bytes.length)).isEqualTo(3);
    assertThat(ByteScan.indexOfTabOrBackslash(bytes, 4, bytes.length)).isEqualTo(5);
    assertThat(ByteScan.indexOfTab(bytes, 4, bytes.length)).isEqualTo(bytes.length);
  }

  private byte[] randomBytes(int length, int oneTargetIn) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] =
          random.nextInt(oneTargetIn) == 0
              ? ALPHABET[random.nextInt(ALPHABET.length)]
              : (byte) random.nextInt('A', 'z');
    }
    return bytes;
  }

  private interface BytePredicate {
    boolean test(byte b);
  }

  private static int firstIndex(byte[] bytes, int from, int to, BytePredicate predicate) {
    for (int i = from; i < to; i++) {
      if (predicate.test(bytes[i])) {
        return i;
      }
    }
    return to;
  }
}
