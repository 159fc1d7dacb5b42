package io.airlock.cli.quickstart;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.output.Formats;
import io.airlock.cli.output.Table;
import io.airlock.cli.sync.JobReport;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * What the quickstart prints at the end: the sync's per-stream counts, a few hashed values read
 * back from the warehouse (hashes only, never clear values), and where everything is.
 */
final class QuickstartSummary {
  private static final int SAMPLE_ROWS = 3;

  private final AirlockHome home;
  private final QuickstartPaths paths;
  private final URI controlPlane;
  private final CustomerDatabase customer;
  private final DataPlaneProcess dataPlane;
  private final String dataPlaneName;

  QuickstartSummary(
      AirlockHome home,
      QuickstartPaths paths,
      URI controlPlane,
      CustomerDatabase customer,
      DataPlaneProcess dataPlane,
      String dataPlaneName) {
    this.home = home;
    this.paths = paths;
    this.controlPlane = controlPlane;
    this.customer = customer;
    this.dataPlane = dataPlane;
    this.dataPlaneName = dataPlaneName;
  }

  void print(PrintWriter out, JobReport report, Duration total) {
    out.println();
    report.print(out);
    if (report.succeeded()) {
      out.printf(
          "Synced %s rows; the quickstart took %s in all.%n",
          Formats.count(report.totalRecords()), Formats.duration(total));
      printHashedSample(out);
    }
    out.println();
    printLocations(out);
    out.flush();
  }

  private void printHashedSample(PrintWriter out) {
    try (Connection connection = customer.adminConnection(CustomerDatabase.WAREHOUSE_DATABASE)) {
      Optional<String> table = patientsTable(connection);
      if (table.isEmpty()) {
        out.println("(No patients table found in the warehouse to show hashed values from.)");
        return;
      }
      out.println();
      out.println("Hashed values in warehouse " + table.get() + " (HMAC-SHA-256, hex, shortened):");
      sample(connection, table.get()).print(out);
    } catch (SQLException e) {
      out.println("(Could not read hashed values back from the warehouse: " + e.getMessage() + ")");
    }
  }

  private static Optional<String> patientsTable(Connection connection) throws SQLException {
    String query =
        "select quote_ident(table_schema) || '.' || quote_ident(table_name) from"
            + " information_schema.tables where table_name = 'patients'"
            + " and table_schema = 'public' and table_type = 'BASE TABLE'";
    try (PreparedStatement statement = connection.prepareStatement(query);
        ResultSet result = statement.executeQuery()) {
      return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
    }
  }

  private static Table sample(Connection connection, String table) throws SQLException {
    Table sample = new Table("ID", "SSN", "EMAIL", "PHONE");
    String query =
        "select id, ssn, email, phone from " + table + " order by id limit " + SAMPLE_ROWS;
    try (PreparedStatement statement = connection.prepareStatement(query);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        sample.row(
            result.getLong(1),
            shorten(result.getString(2)),
            shorten(result.getString(3)),
            shorten(result.getString(4)));
      }
    }
    return sample;
  }

  /** The first 16 hex digits of a hash; anything that is not a 64-digit hash is withheld. */
  private static String shorten(String value) {
    if (value == null) {
      return "NULL";
    }
    if (!value.matches("[0-9a-f]{64}")) {
      return "(not hashed; withheld)";
    }
    return value.substring(0, 16) + "…";
  }

  private void printLocations(PrintWriter out) {
    Table where = new Table("WHAT", "WHERE");
    where.row("Control plane API", controlPlane.resolve("/api/v1"));
    where.row("Admin token file", home.adminTokenFile());
    where.row("CA certificate", home.caFile());
    where.row("CLI defaults", home.cliProperties());
    where.row("Source database", customer.jdbcUrl(CustomerDatabase.SOURCE_DATABASE));
    where.row("Warehouse database", customer.jdbcUrl(CustomerDatabase.WAREHOUSE_DATABASE));
    where.row(
        "Database user", CustomerDatabase.ROLE + " (password in " + paths.postgresSecret() + ")");
    where.row("Database files", customer.dataDir());
    where.row(
        "Hash key", paths.hashKey() + " (env://" + QuickstartResources.HASH_KEY_VARIABLE + ")");
    where.row(
        "Data plane",
        dataPlaneName + ", pid " + dataPlane.pid() + ", work dir " + paths.dataPlaneWorkDir());
    where.row("Logs", home.logsDir());
    where.print(out);
    out.println();
    out.println("Try:  ./airlock connections list");
    out.println("      ./airlock sync run " + QuickstartResources.CONNECTION + " --wait");
  }
}
