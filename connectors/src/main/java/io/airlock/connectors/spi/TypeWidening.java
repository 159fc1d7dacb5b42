package io.airlock.connectors.spi;

import java.util.Objects;

/**
 * Which type changes only widen a column, so that every value of the old type is a value of the new
 * one and a destination can change the column in place: a wider integer or float, a longer {@code
 * varchar} or unbounded text, a {@code numeric} with more digits and the same scale (or
 * unconstrained), more fractional-second digits, and an integer into an unconstrained decimal.
 * Every other change of kind or attribute is incompatible (issue #3 documents the rule in
 * docs/sync-modes.md).
 */
public final class TypeWidening {
  private TypeWidening() {}

  /** Whether {@code to} holds every value of {@code from}; true when they are equal. */
  public static boolean widens(DataType from, DataType to) {
    if (from.equals(to)) {
      return true;
    }
    if (from.kind() == DataType.Kind.INTEGER && to.kind() == DataType.Kind.DECIMAL) {
      return to.precision() == null;
    }
    if (from.kind() != to.kind()) {
      return false;
    }
    return switch (from.kind()) {
      case INTEGER, FLOAT -> bytes(to.width()) >= bytes(from.width());
      case TEXT -> longerText(from, to);
      case DECIMAL -> moreDigits(from, to);
      case TIME, TIMESTAMP, TIMESTAMPTZ ->
          to.precision() == null
              || (from.precision() != null && to.precision() >= from.precision());
      case JSON -> from.exactText() == to.exactText();
      case ARRAY -> widens(from.element(), to.element());
      default -> false;
    };
  }

  private static int bytes(Integer width) {
    return width == null ? 8 : width;
  }

  /** varchar(n) to varchar(m ≥ n) or text; blank-padded char(n) only to itself. */
  private static boolean longerText(DataType from, DataType to) {
    if (from.fixedLength() || to.fixedLength()) {
      return false;
    }
    if (to.length() == null) {
      return true;
    }
    return from.length() != null && to.length() >= from.length();
  }

  /** numeric(p, s) to numeric(p2 ≥ p, s), or to unconstrained numeric. */
  private static boolean moreDigits(DataType from, DataType to) {
    if (to.precision() == null) {
      return to.scale() == null;
    }
    if (from.precision() == null) {
      return false;
    }
    return Objects.equals(scale(from), scale(to)) && to.precision() >= from.precision();
  }

  private static int scale(DataType type) {
    return type.scale() == null ? 0 : type.scale();
  }
}
