package io.airlock.connectors.external;

import java.util.regex.Pattern;

/**
 * Scrubs free text that an external connector writes (LOG and TRACE messages, stderr) before it
 * reaches a log or an error report. Such text can quote record values or secrets, and no rule can
 * recognise every value, so the rules remove every form in which values usually appear:
 *
 * <ul>
 *   <li>quoted text ({@code "…"}, {@code '…'}, {@code `…`}) and bracketed JSON ({@code {…}}, {@code
 *       […]});
 *   <li>what follows {@code =} in {@code key=value};
 *   <li>every word holding a digit, {@code @} or {@code ://} (numbers, dates, ids, e-mail
 *       addresses, URLs);
 *   <li>control characters; and the text is cut to {@link #MAX_CHARS} characters.
 * </ul>
 *
 * <p>A bare word that happens to be a value ({@code invalid status active}) survives: set {@code
 * logMessages} to {@code NONE} where even that is too much. Messages sent to the control plane go
 * through the data plane's own scrubber as well.
 */
final class ExternalText {
  static final int MAX_CHARS = 300;
  static final String HIDDEN = "…";

  private static final Pattern QUOTED =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"?|'[^'\\n]*'?|`[^`\\n]*`?");
  private static final Pattern BRACES = Pattern.compile("\\{[^\\n]*\\}?|\\[[^\\n]*\\]?");
  private static final Pattern ASSIGNED = Pattern.compile("=\\s*[^\\s,;)]+");
  private static final Pattern WORD_WITH_VALUE =
      Pattern.compile("[^\\s,;()]*(?:\\d|@|://)[^\\s,;()]*");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");

  private ExternalText() {}

  static String scrub(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String scrubbed = CONTROL.matcher(text).replaceAll(" ");
    scrubbed = QUOTED.matcher(scrubbed).replaceAll("\"" + HIDDEN + "\"");
    scrubbed = BRACES.matcher(scrubbed).replaceAll("{" + HIDDEN + "}");
    scrubbed = ASSIGNED.matcher(scrubbed).replaceAll("=" + HIDDEN);
    scrubbed = WORD_WITH_VALUE.matcher(scrubbed).replaceAll(HIDDEN);
    scrubbed = SPACES.matcher(scrubbed).replaceAll(" ").strip();
    return scrubbed.length() > MAX_CHARS
        ? scrubbed.substring(0, MAX_CHARS) + " " + HIDDEN
        : scrubbed;
  }

  /**
   * The scrubbed text, or only its size when {@code mode} is {@link
   * ExternalCommand.LogMessages#NONE}.
   */
  static String forLog(String text, ExternalCommand.LogMessages mode) {
    if (mode == ExternalCommand.LogMessages.NONE) {
      return "<" + (text == null ? 0 : text.length()) + " chars>";
    }
    return scrub(text);
  }
}
