package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's customer database and the patient load, on a real embedded PostgreSQL. */
class CustomerDatabaseTest {
  private static final String ROLE_SECRET = "test-role-secret-Zq8";

  @TempDir static Path folder;

  private static CustomerDatabase database;

  @BeforeAll
  static void start() {
    database =
        CustomerDatabase.start(folder.resolve("postgres"), ROLE_SECRET, folder.resolve("pg.log"));
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void loadsTheRequestedNumberOfPatients() throws SQLException {
    List<Long> progress = new ArrayList<>();
    try (Connection connection = database.adminConnection(CustomerDatabase.SOURCE_DATABASE)) {
      PatientLoader.load(connection, 4_321, 99, CustomerDatabase.ROLE, progress::add);
    }

    assertThat(count("select count(*) from patients")).isEqualTo(4_321);
    assertThat(count("select count(distinct id) from patients")).isEqualTo(4_321);
    assertThat(progress).last().isEqualTo(4_321L);
  }

  @Test
  void loadingAgainReplacesTheTableWithTheSameRows() throws SQLException {
    String checksum = "select md5(string_agg(p::text, '|' order by id)) from patients p";
    try (Connection connection = database.adminConnection(CustomerDatabase.SOURCE_DATABASE)) {
      PatientLoader.load(connection, 300, 5, CustomerDatabase.ROLE, rows -> {});
    }
    String first = text(checksum);
    try (Connection connection = database.adminConnection(CustomerDatabase.SOURCE_DATABASE)) {
      PatientLoader.load(connection, 300, 5, CustomerDatabase.ROLE, rows -> {});
    }

    assertThat(count("select count(*) from patients")).isEqualTo(300);
    assertThat(text(checksum)).isEqualTo(first);
  }

  @Test
  void demoRoleSignsInWithItsPasswordOnly() throws SQLException {
    try (Connection connection = connectAsRole(ROLE_SECRET)) {
      assertThat(connection.isValid(5)).isTrue();
    }

    assertThatThrownBy(() -> connectAsRole("wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void bothDatabasesExistAndThePortIsRemembered() throws Exception {
    assertThat(
            count("select count(*) from pg_database where datname in ('demo_source', 'warehouse')"))
        .isEqualTo(2);
    assertThat(Files.readString(folder.resolve("postgres").resolve("port")).strip())
        .isEqualTo(Integer.toString(database.port()));
    assertThat(database.jdbcUrl("warehouse")).doesNotContain("password").endsWith("/warehouse");
  }

  private static Connection connectAsRole(String secret) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", CustomerDatabase.ROLE);
    properties.setProperty("password", secret);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + database.port() + "/demo_source", properties);
  }

  private static long count(String query) throws SQLException {
    return Long.parseLong(text(query));
  }

  private static String text(String query) throws SQLException {
    try (Connection connection = database.adminConnection(CustomerDatabase.SOURCE_DATABASE);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getString(1);
    }
  }
}
