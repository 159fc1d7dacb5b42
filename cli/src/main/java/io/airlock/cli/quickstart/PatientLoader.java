package io.airlock.cli.quickstart;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads generated patients into a PostgreSQL database with COPY, replacing the {@code patients}
 * table, so loading again gives the same table.
 */
public final class PatientLoader {
  private static final int ROWS_PER_CHUNK = 2_000;

  private PatientLoader() {}

  /**
   * Replaces {@code patients} with {@code rows} patients of {@code seed}, owned by {@code owner}.
   *
   * @param progress told the number of rows loaded so far, after each chunk
   */
  public static void load(
      Connection connection, long rows, long seed, String owner, LongConsumer progress)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists patients");
      statement.execute(PatientGenerator.TABLE_DEFINITION);
      copy(connection, rows, seed, progress);
      statement.execute("alter table patients owner to " + owner);
      connection.commit();
      statement.execute("analyze patients");
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static void copy(Connection connection, long rows, long seed, LongConsumer progress)
      throws SQLException {
    PatientGenerator generator = new PatientGenerator(seed);
    String sql =
        "copy patients ("
            + String.join(", ", PatientGenerator.COLUMNS)
            + ") from stdin with (format csv)";
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      StringBuilder chunk = new StringBuilder(ROWS_PER_CHUNK * 200);
      for (long row = 1; row <= rows; row++) {
        PatientGenerator.appendCsv(generator.next(), chunk);
        if (row % ROWS_PER_CHUNK == 0 || row == rows) {
          byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
          copy.writeToCopy(bytes, 0, bytes.length);
          chunk.setLength(0);
          progress.accept(row);
        }
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
