package io.airlock.connectors.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes to text strictly: a byte-order mark picks the charset (UTF-8, UTF-16LE, UTF-16BE)
 * and is dropped, and bytes that are not valid in the charset either fail with the physical line
 * they are on or, when asked, become U+FFFD and are counted. Nothing is ever replaced silently.
 */
public final class TextDecoding extends Reader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final Charset charset;
  private final CharsetDecoder decoder;
  private final boolean replace;
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
  private boolean endOfInput;
  private boolean flushed;
  private long line = 1;
  private boolean lastWasCarriageReturn;
  private long replaced;

  private TextDecoding(InputStream in, Charset charset, boolean replace) {
    this.in = in;
    this.charset = charset;
    this.replace = replace;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /**
   * Opens {@code in} as text in {@code configured}, unless it starts with a byte-order mark, which
   * then decides the charset.
   */
  public static TextDecoding open(InputStream in, Charset configured, boolean replace)
      throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(in, 3);
    byte[] head = pushback.readNBytes(3);
    Charset bom = null;
    int bomLength = 0;
    if (head.length >= 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
      bom = StandardCharsets.UTF_8;
      bomLength = 3;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      bom = StandardCharsets.UTF_16LE;
      bomLength = 2;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      bom = StandardCharsets.UTF_16BE;
      bomLength = 2;
    }
    pushback.unread(head, bomLength, head.length - bomLength);
    return new TextDecoding(pushback, bom != null ? bom : configured, replace);
  }

  /** The charset in use: the configured one, or the one the byte-order mark named. */
  public Charset charset() {
    return charset;
  }

  /** How many invalid byte sequences became U+FFFD so far. */
  public long replacedSequences() {
    return replaced;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (flushed) {
      return -1;
    }
    CharBuffer out = CharBuffer.wrap(target, offset, length);
    while (true) {
      CoderResult result = decoder.decode(bytes, out, endOfInput);
      if (result.isError()) {
        if (!replace) {
          countLines(target, offset, out.position());
          throw new InvalidTextException(charset, line);
        }
        if (!out.hasRemaining()) {
          break;
        }
        bytes.position(bytes.position() + result.length());
        out.put('\uFFFD');
        replaced++;
        continue;
      }
      if (result.isOverflow() || out.position() > offset) {
        break;
      }
      if (endOfInput) {
        flushed = true;
        decoder.flush(out);
        if (out.position() == offset) {
          return -1;
        }
        break;
      }
      fill();
    }
    countLines(target, offset, out.position());
    return out.position() - offset;
  }

  private void fill() throws IOException {
    bytes.compact();
    int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (read < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + read);
    }
    bytes.flip();
  }

  private void countLines(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = chars[i];
      if (c == '\n') {
        if (!lastWasCarriageReturn) {
          line++;
        }
        lastWasCarriageReturn = false;
      } else {
        lastWasCarriageReturn = c == '\r';
        if (lastWasCarriageReturn) {
          line++;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Bytes that are not valid text in the charset, on a known physical line. */
  public static final class InvalidTextException extends CharacterCodingException {
    private final transient Charset charset;
    private final long line;

    InvalidTextException(Charset charset, long line) {
      this.charset = charset;
      this.line = line;
    }

    public Charset charset() {
      return charset;
    }

    public long line() {
      return line;
    }

    @Override
    public String getMessage() {
      return "invalid " + charset.name() + " bytes on line " + line;
    }
  }
}
