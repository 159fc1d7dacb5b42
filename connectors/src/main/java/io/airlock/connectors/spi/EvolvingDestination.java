package io.airlock.connectors.spi;

import java.util.List;

/**
 * A destination that can apply a source's additive schema changes to a table it keeps between
 * syncs. The data plane calls {@link #evolve} before opening a writer of an appending mode when it
 * detected new columns or widened types since the stored catalog; without detected changes a
 * destination's tables are left as they are (a table the customer made stricter stays so).
 */
public interface EvolvingDestination {
  /**
   * Adds the {@code changed} columns the stream's table lacks and widens those whose new type
   * widens the table's ({@link TypeWidening}); a column whose table type is wider already is kept.
   * Any other difference fails with a USER error naming the table, the column, the table's type and
   * the new type, and changes nothing. Does nothing when the table does not exist yet.
   *
   * @param stream the stream as it will be written (after mappers)
   * @param changed columns of {@code stream} that were added or whose type widened
   */
  void evolve(StreamDescriptor stream, List<Column> changed);
}
