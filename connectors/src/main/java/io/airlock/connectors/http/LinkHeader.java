package io.airlock.connectors.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code rel="next"} target of {@code Link} headers (RFC 8288). */
final class LinkHeader {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
  private static final Pattern REL =
      Pattern.compile("rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))", Pattern.CASE_INSENSITIVE);

  private LinkHeader() {}

  /** The next-page URL reference among {@code headers}, or null when there is none. */
  static String next(List<String> headers) {
    for (String header : headers) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        if (rel.find()) {
          String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
          for (String one : rels.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (one.equals("next")) {
              return link.group(1).trim();
            }
          }
        }
      }
    }
    return null;
  }
}
