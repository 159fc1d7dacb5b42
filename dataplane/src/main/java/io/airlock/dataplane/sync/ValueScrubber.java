package io.airlock.dataplane.sync;

import java.util.regex.Pattern;

/**
 * A safety net for error messages that leave the data plane. Connectors promise messages without
 * values; this additionally removes the places where database drivers are known to quote values:
 * {@code Key (id)=(42)}, {@code invalid input syntax for type integer: "abc"}, and the {@code
 * DETAIL}, {@code WHERE} and {@code Failing row contains} parts. It cannot recognise arbitrary
 * values, so it never replaces scrubbing at the source.
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
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

  private ValueScrubber() {}

  public static String scrub(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String scrubbed = TAIL.matcher(message).replaceAll("");
    scrubbed = KEY_VALUES.matcher(scrubbed).replaceAll(")=(" + HIDDEN + ")");
    scrubbed = INPUT_VALUE.matcher(scrubbed).replaceAll("$1\"" + HIDDEN + "\"");
    scrubbed = CONTROL.matcher(scrubbed).replaceAll("");
    return scrubbed.length() > MAX_LENGTH
        ? scrubbed.substring(0, MAX_LENGTH) + " " + HIDDEN
        : scrubbed;
  }
}
