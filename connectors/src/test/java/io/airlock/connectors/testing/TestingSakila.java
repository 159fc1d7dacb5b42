package io.airlock.connectors.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads the PostgreSQL port of Sakila ({@code sakila-postgres/} in the shared datasets) into a
 * database of a {@link TestingPostgres}: the schema script, then the data script, whose {@code COPY
 * … FROM stdin} blocks are fed through the driver's copy API as psql would.
 */
public final class TestingSakila {
  private TestingSakila() {}

  public static void load(TestingPostgres postgres, String database) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(read("sakila-postgres/postgres-sakila-schema.sql"));
      loadData(connection, read("sakila-postgres/postgres-sakila-insert-data-using-copy.sql"));
    }
  }

  private static String read(String relative) throws IOException {
    return Files.readString(TestingDatasets.resolve(relative), StandardCharsets.UTF_8);
  }

  private static void loadData(Connection connection, String script)
      throws IOException, SQLException {
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder sql = new StringBuilder();
    BufferedReader lines = new BufferedReader(new StringReader(script));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
        execute(connection, sql);
        copy.copyIn(line.substring(0, line.length() - 1), new StringReader(copyData(lines)));
      } else {
        sql.append(line).append('\n');
      }
    }
    execute(connection, sql);
  }

  private static String copyData(BufferedReader lines) throws IOException {
    StringBuilder data = new StringBuilder();
    for (String line = lines.readLine(); line != null && !line.equals("\\."); ) {
      data.append(line).append('\n');
      line = lines.readLine();
    }
    return data.toString();
  }

  private static void execute(Connection connection, StringBuilder sql) throws SQLException {
    if (!sql.toString().isBlank()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql.toString());
      }
    }
    sql.setLength(0);
  }
}
