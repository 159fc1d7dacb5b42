package io.airlock.dataplane.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.sync.JobProgress;
import io.airlock.dataplane.sync.RunOutcome;
import io.airlock.dataplane.sync.SyncEngine;
import io.airlock.dataplane.sync.SyncOptions;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.schema.CatalogColumn;
import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.SchemaChange;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schema changes between two syncs through the engine, from a real PostgreSQL source table to a
 * real PostgreSQL destination (incremental with dedup, so the destination table is kept): a column
 * added, a column dropped and a type changed, under each {@link SchemaChangePolicy}. The second
 * sync gets the catalog the first one reported, as the control plane stores it.
 */
class SchemaChangeSyncTest {
  private static final String DB = "schema_changes";

  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void freshTables() {
    postgres.execute(
        DB,
        "DROP SCHEMA IF EXISTS app CASCADE; DROP SCHEMA IF EXISTS dw CASCADE; CREATE SCHEMA app;"
            + " CREATE TABLE app.items (id integer PRIMARY KEY, qty integer, name varchar(10),"
            + " price numeric(8,2));"
            + " INSERT INTO app.items VALUES (1, 5, 'bolt', 1.50), (2, 7, 'nut', 0.25)");
  }

  @Test
  void propagateAddsANewColumnToTheDestinationAndSyncsIt() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(
        DB,
        "ALTER TABLE app.items ADD COLUMN colour text;"
            + " INSERT INTO app.items VALUES (3, 1, 'washer', 0.10, 'red')");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(second.changes())
        .extracting(SchemaChange::column, SchemaChange::change, SchemaChange::additive)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("colour", SchemaChange.Kind.COLUMN_ADDED, true));
    assertThat(destinationTypes()).containsEntry("colour", "text");
    assertThat(query("SELECT colour FROM dw.items WHERE id = 3")).containsExactly("red");
    assertThat(query("SELECT count(*) FROM dw.items WHERE colour IS NULL")).containsExactly("2");
    assertThat(second.catalog().get(0).columns())
        .extracting(CatalogColumn::name)
        .contains("colour");
  }

  @Test
  void propagateWidensIntegerVarcharAndNumericColumnsInPlace() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(
        DB,
        "ALTER TABLE app.items ALTER COLUMN qty TYPE bigint,"
            + " ALTER COLUMN name TYPE varchar(40), ALTER COLUMN price TYPE numeric(12,2);"
            + " INSERT INTO app.items VALUES (3, 5000000000, 'a much longer item name',"
            + " 1234567.89)");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().error()).isNull();
    assertThat(second.changes()).hasSize(3).allMatch(SchemaChange::additive);
    assertThat(destinationTypes())
        .containsEntry("qty", "bigint")
        .containsEntry("name", "character varying(40)")
        .containsEntry("price", "numeric(12,2)");
    assertThat(query("SELECT qty || '/' || name || '/' || price FROM dw.items WHERE id = 3"))
        .containsExactly("5000000000/a much longer item name/1234567.89");
  }

  @Test
  void aWideningThatPostgresqlRefusesFailsNamingTableColumnAndSqlState() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(
        DB,
        "CREATE VIEW dw.items_qty AS SELECT qty FROM dw.items;"
            + " ALTER TABLE app.items ALTER COLUMN qty TYPE bigint");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(second.outcome().error().message())
        .contains("Cannot change column qty of table dw.items to bigint (SQLSTATE")
        .contains("no view depends on the column");
    assertThat(destinationTypes()).containsEntry("qty", "integer");
  }

  @Test
  void propagateFailsOnARemovedColumnAndLeavesTheDestinationAlone() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(DB, "ALTER TABLE app.items DROP COLUMN qty");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(second.outcome().error().kind()).isEqualTo("USER");
    assertThat(second.outcome().error().retriable()).isFalse();
    assertThat(second.outcome().error().message())
        .contains("app.items.qty: COLUMN_REMOVED INTEGER(4 bytes)")
        .contains("PROPAGATE")
        .contains("airlock sources discover");
    assertThat(second.changes())
        .extracting(SchemaChange::change)
        .containsExactly(SchemaChange.Kind.COLUMN_REMOVED);
    assertThat(destinationTypes()).containsEntry("qty", "integer");
  }

  @Test
  void propagateFailsOnATypeChangeThatIsNotAWidening() {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(DB, "ALTER TABLE app.items ALTER COLUMN qty TYPE text");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(second.outcome().error().message())
        .contains("app.items.qty: TYPE_CHANGED INTEGER(4 bytes) -> TEXT")
        .doesNotContain("(widening)");
    assertThat(second.changes())
        .singleElement()
        .extracting(SchemaChange::additive)
        .isEqualTo(false);
  }

  @Test
  void pauseFailsOnAnAdditiveChangeAndListsIt() throws SQLException {
    Run first = sync(SchemaChangePolicy.PAUSE, List.of());
    postgres.execute(DB, "ALTER TABLE app.items ADD COLUMN colour text");

    Run second = sync(SchemaChangePolicy.PAUSE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(second.outcome().error().message())
        .contains("schemaChanges is PAUSE")
        .contains("connection is paused")
        .contains("app.items.colour: COLUMN_ADDED TEXT");
    assertThat(second.changes()).hasSize(1);
    assertThat(destinationTypes()).doesNotContainKey("colour");
  }

  @Test
  void pauseAndFailFailOnRemovalsAndTypeChangesToo() {
    Run first = sync(SchemaChangePolicy.FAIL, List.of());
    postgres.execute(DB, "ALTER TABLE app.items DROP COLUMN name, ALTER COLUMN qty TYPE bigint");

    Run failed = sync(SchemaChangePolicy.FAIL, first.catalog());
    Run paused = sync(SchemaChangePolicy.PAUSE, first.catalog());

    assertThat(failed.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(failed.outcome().error().message())
        .contains("schemaChanges is FAIL")
        .contains("app.items.name: COLUMN_REMOVED")
        .contains("app.items.qty: TYPE_CHANGED INTEGER(4 bytes) -> INTEGER (widening)");
    assertThat(paused.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(paused.changes()).hasSize(2);
  }

  @Test
  void failFailsOnANewColumnAndAnUnchangedSchemaPassesUnderEveryPolicy() {
    Run first = sync(SchemaChangePolicy.FAIL, List.of());

    for (SchemaChangePolicy policy : SchemaChangePolicy.values()) {
      Run same = sync(policy, first.catalog());
      assertThat(same.outcome().outcome()).as(policy.name()).isEqualTo(JobOutcome.SUCCEEDED);
      assertThat(same.changes()).as(policy.name()).isEmpty();
    }
    postgres.execute(DB, "ALTER TABLE app.items ADD COLUMN colour text");
    Run changed = sync(SchemaChangePolicy.FAIL, first.catalog());

    assertThat(changed.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(changed.outcome().error().message()).contains("app.items.colour: COLUMN_ADDED");
  }

  @Test
  void aNewColumnOutsideTheColumnSelectionIsNoChange() {
    Run first = sync(SchemaChangePolicy.FAIL, List.of(), List.of("id", "qty"));
    postgres.execute(DB, "ALTER TABLE app.items ADD COLUMN colour text");

    Run second = sync(SchemaChangePolicy.FAIL, first.catalog(), List.of("id", "qty"));

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(second.changes()).isEmpty();
  }

  @Test
  void aWideningTheDestinationTableCannotTakeFailsNamingTableColumnAndTypes() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(
        DB,
        "ALTER TABLE dw.items ALTER COLUMN qty TYPE boolean USING qty > 0;"
            + " ALTER TABLE app.items ALTER COLUMN qty TYPE bigint");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(second.outcome().error().message())
        .contains("Column qty of table dw.items has type boolean")
        .contains("now delivers bigint")
        .contains("the table is unchanged");
    assertThat(destinationTypes()).containsEntry("qty", "boolean");
  }

  @Test
  void aWidenedColumnKeepsADestinationTypeThatIsWiderAlready() throws SQLException {
    Run first = sync(SchemaChangePolicy.PROPAGATE, List.of());
    postgres.execute(
        DB,
        "ALTER TABLE dw.items ALTER COLUMN name TYPE text;"
            + " ALTER TABLE app.items ALTER COLUMN name TYPE varchar(40);"
            + " INSERT INTO app.items VALUES (3, 1, 'a much longer item name', 0.10)");

    Run second = sync(SchemaChangePolicy.PROPAGATE, first.catalog());

    assertThat(second.outcome().error()).isNull();
    assertThat(destinationTypes()).containsEntry("name", "text");
    assertThat(query("SELECT name FROM dw.items WHERE id = 3"))
        .containsExactly("a much longer item name");
  }

  @Test
  void withoutDetectedChangesAStricterDestinationTableIsLeftAsItIs() throws SQLException {
    postgres.execute(
        DB,
        "CREATE SCHEMA dw; CREATE TABLE dw.items (id integer PRIMARY KEY, qty integer,"
            + " name varchar(10), price numeric(8,2), extra text)");

    Run run = sync(SchemaChangePolicy.PROPAGATE, List.of());

    assertThat(run.outcome().error()).isNull();
    assertThat(destinationTypes())
        .containsEntry("name", "character varying(10)")
        .containsEntry("extra", "text");
    assertThat(query("SELECT count(*) FROM dw.items")).containsExactly("2");
  }

  @Test
  void discoveryReportsEveryStreamsMetadata() {
    postgres.execute(DB, "CREATE TABLE app.notes (body text NOT NULL)");
    JobProgress progress = new JobProgress();

    RunOutcome outcome =
        new SyncEngine(ConnectorRegistry.builtIn(), SyncOptions.of(5_000), LocalPaths.none())
            .run(discoveryJob(), postgres.secrets(), progress);

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(progress.totalRecords()).isZero();
    CatalogStream items =
        progress.catalog().stream().filter(s -> s.name().equals("items")).findFirst().orElseThrow();
    assertThat(items.namespace()).isEqualTo("app");
    assertThat(items.primaryKey()).containsExactly("id");
    assertThat(items.cursorCandidates()).containsExactly("id", "qty", "price");
    assertThat(items.columns())
        .extracting(c -> c.name() + " " + c.type().display() + " " + c.nullable())
        .containsExactly(
            "id INTEGER(4 bytes) false",
            "qty INTEGER(4 bytes) true",
            "name TEXT(10) true",
            "price DECIMAL(8,2) true");
    assertThat(progress.catalog())
        .filteredOn(s -> s.name().equals("notes"))
        .singleElement()
        .satisfies(s -> assertThat(s.columns().get(0).nullable()).isFalse());
  }

  private record Run(RunOutcome outcome, List<CatalogStream> catalog, List<SchemaChange> changes) {}

  private static Run sync(SchemaChangePolicy policy, List<CatalogStream> catalog) {
    return sync(policy, catalog, List.of());
  }

  private static Run sync(
      SchemaChangePolicy policy, List<CatalogStream> catalog, List<String> columns) {
    JobProgress progress = new JobProgress();
    RunOutcome outcome =
        new SyncEngine(ConnectorRegistry.builtIn(), SyncOptions.of(5_000), LocalPaths.none())
            .run(job(policy, catalog, columns), postgres.secrets(), progress);
    return new Run(outcome, progress.catalog(), progress.schemaChanges());
  }

  private static JobSpec job(
      SchemaChangePolicy policy, List<CatalogStream> catalog, List<String> columns) {
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig("source-postgres", sourceConfig()),
        new ConnectorConfig("destination-postgres", destinationConfig()),
        List.of(new StreamConfig("app.items", SyncMode.INCREMENTAL_APPEND_DEDUP, columns, "id")),
        List.of(),
        null,
        catalog,
        policy);
  }

  private static JobSpec discoveryJob() {
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.DISCOVER,
        null,
        UUID.randomUUID(),
        new ConnectorConfig("source-postgres", sourceConfig()),
        null,
        List.of(),
        List.of(),
        null);
  }

  private static Map<String, Object> sourceConfig() {
    Map<String, Object> source = new LinkedHashMap<>(postgres.connectionConfig(DB));
    source.put("schemas", List.of("app"));
    return source;
  }

  private static Map<String, Object> destinationConfig() {
    Map<String, Object> destination = new LinkedHashMap<>(postgres.connectionConfig(DB));
    destination.put("schema", "dw");
    return destination;
  }

  /** Column name to PostgreSQL's own type name, of the destination table. */
  private static Map<String, String> destinationTypes() throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'dw.items'::regclass AND attnum > 0"
                    + " AND NOT attisdropped ORDER BY attnum")) {
      while (rows.next()) {
        types.put(rows.getString(1), rows.getString(2));
      }
    }
    return types;
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
