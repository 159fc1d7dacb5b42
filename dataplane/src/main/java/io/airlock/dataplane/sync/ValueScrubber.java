package io.airlock.dataplane.sync;

import java.util.regex.Pattern;

/**
 * A safety net for error messages that leave the data plane. Connectors promise messages without
 * values; this additionally removes the places where database drivers are known to quote values:
 * {@code Key (id)=(42)}, {@code invalid input syntax for type integer: "abc"}, any quoted text
 * right after a colon, {@code value "…"}, {@code "…" is not a valid …}, byte sequences such as
 * {@code 0xe2 0x82}, and the {@code DETAIL}, {@code WHERE} and {@code Failing row contains} parts.
 * It cannot recognise arbitrary values, so it never replaces scrubbing at the source.
 */
public final class ValueScrubber {
  static final String HIDDEN = "…";
  static final int MAX_LENGTH = 2_000;

  private static final Pattern TAIL =
      Pattern.compile(
          "(?is)\\s*(?:\\bDetail:|\\bWhere:|\\bFailing row contains|\\bParameters:).*$");
  private static final Pattern KEY_VALUES = Pattern.compile("\\)=\\((?:[^()]|\\([^()]*\\))*\\)");
  private static final Pattern INPUT_VALUE =
      Pattern.compile("(?i)(invalid input (?:syntax|value) for [^:\"]*:\\s*)\"(?:[^\"]|\"\")*\"");

  /**
   * A quoted text right after a colon, to the last quote of the line, since values may hold quotes
   * themselves: {@code malformed array literal: "{a,"b"}"}.
   */
  private static final Pattern AFTER_COLON = Pattern.compile(":([ \\t]*)\"[^\\n]*\"");

  /** {@code value "99999999999" is out of range}, {@code invalid value "xx" for "YYYY"}. */
  private static final Pattern NAMED_VALUE = Pattern.compile("(?i)\\bvalue \"(?:[^\"]|\"\")*\"");

  /** {@code "z" is not a valid hexadecimal digit}. */
  private static final Pattern NOT_VALID = Pattern.compile("\"(?:[^\"]|\"\")*\"( is not a valid)");

  /** Bytes of a value: {@code invalid byte sequence for encoding "UTF8": 0xe2 0x82}. */
  private static final Pattern BYTES = Pattern.compile("0x[0-9a-fA-F]{2}(?:\\s+0x[0-9a-fA-F]{2})*");

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

  private ValueScrubber() {}

  public static String scrub(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String scrubbed = TAIL.matcher(message).replaceAll("");
    scrubbed = KEY_VALUES.matcher(scrubbed).replaceAll(")=(" + HIDDEN + ")");
    scrubbed = INPUT_VALUE.matcher(scrubbed).replaceAll("$1\"" + HIDDEN + "\"");
    scrubbed = AFTER_COLON.matcher(scrubbed).replaceAll(":$1\"" + HIDDEN + "\"");
    scrubbed = NAMED_VALUE.matcher(scrubbed).replaceAll("value \"" + HIDDEN + "\"");
    scrubbed = NOT_VALID.matcher(scrubbed).replaceAll("\"" + HIDDEN + "\"$1");
    scrubbed = BYTES.matcher(scrubbed).replaceAll("0x" + HIDDEN);
    scrubbed = CONTROL.matcher(scrubbed).replaceAll("");
    return scrubbed.length() > MAX_LENGTH
        ? scrubbed.substring(0, MAX_LENGTH) + " " + HIDDEN
        : scrubbed;
  }
}
