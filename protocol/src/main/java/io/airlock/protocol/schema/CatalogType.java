package io.airlock.protocol.schema;

import static java.util.Objects.requireNonNull;

/**
 * A column's type as the control plane stores it: the data plane's type kind and the attributes the
 * source declared. Null or {@code false} means "not declared".
 *
 * @param kind the type kind, for example {@code INTEGER}, {@code TEXT}, {@code DECIMAL}
 * @param precision total digits of a DECIMAL, fractional-second digits of a time or timestamp
 * @param scale digits after the point of a DECIMAL
 * @param element element type of an ARRAY, else null
 * @param width storage size in bytes of an INTEGER (2 or 4) or a FLOAT (4); null for 8 bytes
 * @param length maximum length in characters of TEXT; null when unbounded
 * @param fixedLength whether TEXT is blank-padded to {@code length}; false when null
 * @param exactText whether the exact text of JSON is kept; false when null
 */
public record CatalogType(
    String kind,
    Integer precision,
    Integer scale,
    CatalogType element,
    Integer width,
    Integer length,
    Boolean fixedLength,
    Boolean exactText) {
  public CatalogType {
    requireNonNull(kind, "kind is null");
    fixedLength = Boolean.TRUE.equals(fixedLength);
    exactText = Boolean.TRUE.equals(exactText);
  }

  /** A short readable form for messages, for example {@code DECIMAL(10,2)} or {@code TEXT(20)}. */
  public String display() {
    StringBuilder text = new StringBuilder(kind);
    if (element != null) {
      text.append('<').append(element.display()).append('>');
    }
    if (width != null) {
      text.append('(').append(width).append(" bytes)");
    }
    if (length != null) {
      text.append(fixedLength ? "(fixed " : "(").append(length).append(')');
    }
    if (precision != null) {
      text.append('(').append(precision);
      if (scale != null) {
        text.append(',').append(scale);
      }
      text.append(')');
    }
    if (exactText) {
      text.append("(exact text)");
    }
    return text.toString();
  }
}
