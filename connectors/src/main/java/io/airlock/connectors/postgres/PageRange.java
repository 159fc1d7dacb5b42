package io.airlock.connectors.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Heap pages {@code [first, end)} of a table, read with a TID range scan (PostgreSQL 14 and later).
 * The last range of a table has no end, so rows on pages added after the table was measured are
 * read too.
 *
 * @param index 1-based position among the table's ranges, for messages
 * @param count how many ranges the table was split into
 * @param end the first page after the range, or -1 for no end
 */
record PageRange(int index, int count, long first, long end) {
  /** Splits {@code pages} into at most {@code count} ranges of about the same number of pages. */
  static List<PageRange> split(long pages, int count) {
    int ranges = (int) Math.max(1, Math.min(count, pages));
    List<PageRange> split = new ArrayList<>(ranges);
    for (int i = 0; i < ranges; i++) {
      long first = pages * i / ranges;
      long end = i == ranges - 1 ? -1 : pages * (i + 1) / ranges;
      split.add(new PageRange(i + 1, ranges, first, end));
    }
    return split;
  }

  /** The condition selecting the range's rows, with only page numbers in it. */
  String where() {
    String from = "ctid >= '(" + first + ",0)'::tid";
    if (first == 0 && end < 0) {
      return "";
    }
    if (end < 0) {
      return " WHERE " + from;
    }
    String to = "ctid < '(" + end + ",0)'::tid";
    return " WHERE " + (first == 0 ? to : from + " AND " + to);
  }

  /** {@code pages 0 to 1023 (range 1 of 8)}, or {@code pages 7168 to the end (range 8 of 8)}. */
  String describe() {
    String last = end < 0 ? "the end" : Long.toString(end - 1);
    return "pages " + first + " to " + last + " (range " + index + " of " + count + ")";
  }
}
