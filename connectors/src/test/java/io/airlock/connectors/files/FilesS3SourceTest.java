package io.airlock.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingS3;
import io.airlock.connectors.testing.TestingS3Refusal;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source-files} reading a bucket of a real S3-compatible server ({@link TestingS3}): the
 * dataset's CSV, JSON Lines and Parquet files are uploaded, read from the bucket into PostgreSQL,
 * and compared row for row with the same files read from a local folder into PostgreSQL. Also: glob
 * semantics over keys, and the errors for a missing bucket, refused credentials and missing
 * credentials.
 */
class FilesS3SourceTest {
  private static final Path SYNTHEA = TestingDatasets.resolve("synthea");
  private static final Path PARQUET = TestingDatasets.resolve("parquet");
  private static final List<String> CSV_FILES =
      List.of("patients.csv", "allergies.csv", "organizations.csv");

  /**
   * Every readable Parquet file of the dataset; the Spark INT96 file holds dates PostgreSQL lacks.
   */
  private static final List<String> PARQUET_FILES =
      List.of(
          "alltypes_dictionary.parquet",
          "alltypes_plain.parquet",
          "alltypes_plain.snappy.parquet",
          "binary.parquet",
          "byte_array_decimal.parquet",
          "datapage_v2.snappy.parquet",
          "delta_encoding_optional_column.parquet",
          "fixed_length_decimal.parquet",
          "int32_decimal.parquet",
          "int64_decimal.parquet",
          "list_columns.parquet",
          "nan_in_stats.parquet",
          "nested_lists.snappy.parquet",
          "nested_maps.snappy.parquet",
          "nested_structs.rust.parquet",
          "null_list.parquet",
          "nullable.impala.parquet",
          "nulls.snappy.parquet",
          "single_nan.parquet");

  @TempDir static Path jsonFolder;

  private static TestingS3 s3;
  private static TestingPostgres postgres;
  private static String bucket;

  @BeforeAll
  static void upload() throws Exception {
    s3 = TestingS3.shared();
    postgres = TestingPostgres.start();
    postgres.createDatabase("warehouse");
    bucket = s3.createBucket("source");
    for (String file : CSV_FILES) {
      s3.put(bucket, "landing/synthea/" + file, SYNTHEA.resolve(file));
    }
    for (String file : PARQUET_FILES) {
      s3.put(bucket, "landing/parquet/" + file, PARQUET.resolve(file));
    }
    writeJsonLines(jsonFolder.resolve("patients.jsonl"));
    s3.put(bucket, "landing/json/patients.jsonl", jsonFolder.resolve("patients.jsonl"));
    s3.put(bucket, "landing/synthea/deeper/ignored.csv", "a,b\n1,2\n");
  }

  /** JSON Lines made from the patients CSV, with numbers, nulls, nested objects and arrays. */
  private static void writeJsonLines(Path target) throws Exception {
    List<List<String>> records =
        IndependentCsv.records(SYNTHEA.resolve("patients.csv"), StandardCharsets.UTF_8, ',', 0);
    StringBuilder text = new StringBuilder();
    for (int r = 1; r < records.size(); r++) {
      List<String> record = records.get(r);
      text.append("{\"id\": \"")
          .append(record.get(0))
          .append("\", \"row\": ")
          .append(r)
          .append(", \"name\": {\"first\": \"")
          .append(record.get(7))
          .append("\", \"last\": \"")
          .append(record.get(8))
          .append("\"}, \"zip\": ")
          .append(
              record.get(record.size() - 2).isEmpty()
                  ? "null"
                  : "\"" + record.get(record.size() - 2) + "\"")
          .append(", \"tags\": [")
          .append(r % 3)
          .append(", ")
          .append(r % 5)
          .append("]}\n");
    }
    Files.writeString(target, text);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  private static Source bucketSource(String prefix, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(s3.settings(bucket, prefix));
    config.putAll(extra);
    return source(config, TestingS3.secrets());
  }

  private static Source folderSource(Path folder, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put("path", folder.toString());
    return source(config, reference -> null);
  }

  private static Source source(
      Map<String, Object> config, io.airlock.connectors.spi.SecretResolver secrets) {
    return ConnectorRegistry.builtIn()
        .factory(FilesSourceFactory.TYPE)
        .createSource(new ConnectorSettings(FilesSourceFactory.TYPE, config, secrets));
  }

  @Test
  void csvFromTheBucketLoadsIntoPostgresRowForRowAsFromAFolder() throws Exception {
    Map<String, Object> settings = Map.of("format", "csv", "globs", CSV_FILES);

    List<String> streams = loadBoth("landing/synthea", SYNTHEA, settings, "csv");

    assertThat(streams).containsExactly("allergies", "organizations", "patients");
    long patients = Files.readAllLines(SYNTHEA.resolve("patients.csv")).size() - 1;
    assertThat(rows("s3_csv", "patients")).hasSize((int) patients);
  }

  @Test
  void jsonLinesFromTheBucketLoadsIntoPostgresRowForRowAsFromAFolder() throws Exception {
    List<String> streams = loadBoth("landing/json/", jsonFolder, Map.of("format", "jsonl"), "json");

    assertThat(streams).containsExactly("patients");
    assertThat(rows("s3_json", "patients")).isNotEmpty();
  }

  @Test
  void parquetFromTheBucketLoadsIntoPostgresRowForRowAsFromAFolder() throws Exception {
    Map<String, Object> settings = Map.of("format", "parquet", "globs", PARQUET_FILES);

    List<String> streams = loadBoth("landing/parquet", PARQUET, settings, "parquet");

    assertThat(streams).hasSize(PARQUET_FILES.size());
  }

  /**
   * Loads every stream from the bucket into schema {@code s3_<name>} and from the folder into
   * {@code local_<name>}, and checks that each pair of tables holds the same rows.
   */
  private static List<String> loadBoth(
      String prefix, Path folder, Map<String, Object> settings, String name) throws Exception {
    List<String> streams = new ArrayList<>();
    try (Source fromBucket = bucketSource(prefix, settings);
        Source fromFolder = folderSource(folder, settings)) {
      load(fromBucket, "s3_" + name);
      load(fromFolder, "local_" + name);
      for (StreamDescriptor stream : fromBucket.discover()) {
        streams.add(stream.name());
      }
      assertThat(streams)
          .containsExactlyElementsOf(
              fromFolder.discover().stream().map(StreamDescriptor::name).toList());
    }
    for (String stream : streams) {
      List<String> loaded = rows("s3_" + name, stream);
      assertThat(loaded).as(stream).isNotEmpty();
      assertThat(loaded).as(stream).isEqualTo(rows("local_" + name, stream));
    }
    return streams;
  }

  private static void load(Source source, String schema) throws InterruptedException {
    try (Destination destination =
        ConnectorRegistry.builtIn()
            .factory("destination-postgres")
            .createDestination(postgres.destinationSettings("warehouse", schema))) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
  }

  /** Every row of a table as its JSON text, sorted, so two tables compare as multisets. */
  private static List<String> rows(String schema, String table) throws Exception {
    try (Connection connection = postgres.connect("warehouse")) {
      return io.airlock.connectors.testing.TestingRows.read(
              connection, "SELECT to_jsonb(t)::text FROM \"" + schema + "\".\"" + table + "\" t")
          .stream()
          .sorted()
          .toList();
    }
  }

  @Test
  void globsMatchKeysBelowThePrefixAsPathsInAFolder() {
    try (Source top = bucketSource("landing/synthea", Map.of("globs", List.of("*.csv")));
        Source deep = bucketSource("landing", Map.of("globs", List.of("**/*.csv")));
        Source one = bucketSource("", Map.of("globs", List.of("landing/synthea/p*.csv")))) {
      assertThat(names(top)).containsExactly("allergies", "organizations", "patients");
      assertThat(names(deep))
          .containsExactly(
              "synthea_allergies",
              "synthea_deeper_ignored",
              "synthea_organizations",
              "synthea_patients");
      assertThat(names(one)).containsExactly("landing_synthea_patients");
    }
  }

  private static List<String> names(Source source) {
    return source.discover().stream().map(StreamDescriptor::name).toList();
  }

  @Test
  void aMissingBucketFailsNamingIt() {
    Map<String, Object> config = new HashMap<>(s3.settings("no-such-bucket-here", ""));
    try (Source source = source(config, TestingS3.secrets())) {
      assertThatThrownBy(source::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("Bucket no-such-bucket-here does not exist")
          .hasMessageContaining("fix setting 'bucket'");
    }
  }

  @Test
  void refusedCredentialsFailNamingTheBucketAndNeverTheKeys() {
    try (TestingS3Refusal refusal = new TestingS3Refusal()) {
      Map<String, Object> config = new HashMap<>(s3.settings("orders", "in/"));
      config.put("endpoint", refusal.endpoint());
      config.remove("endpoint_ca_certificate");
      try (Source source = source(config, TestingS3.secrets())) {
        assertThatThrownBy(source::check)
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("Access to bucket orders")
            .hasMessageContaining("was refused")
            .hasMessageContaining("'access_key_id'")
            .hasMessageNotContaining("airlock-test-access-key")
            .hasMessageNotContaining("airlock-test-secret-key");
        assertThatThrownBy(source::discover)
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("InvalidAccessKeyId")
            .hasMessageContaining("bucket orders");
      }
      assertThat(refusal.requests()).isPositive();
    }
  }

  @Test
  void anEndpointWhoseCertificateIsNotTrustedFailsSayingWhatToSet() {
    Map<String, Object> config = new HashMap<>(s3.settings(bucket, ""));
    config.remove("endpoint_ca_certificate");
    try (Source source = source(config, TestingS3.secrets())) {
      assertThatThrownBy(source::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("the TLS connection to " + s3.endpoint() + " failed")
          .hasMessageContaining("'endpoint_ca_certificate'");
    }
    config.put("endpoint_ca_certificate", "not a certificate");
    assertThatThrownBy(() -> source(config, TestingS3.secrets()))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("must hold PEM certificates");
  }

  @Test
  void withoutCredentialsNothingIsContactedAndTheErrorSaysWhatToSet() {
    Map<String, Object> config = Map.of("bucket", "orders", "region", "eu-west-1");

    assertThatThrownBy(() -> source(config, reference -> null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("'access_key_id' and 'secret_access_key'")
        .hasMessageContaining("default_chain");
    assertThatThrownBy(() -> source(Map.of("bucket", "orders"), reference -> null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("needs setting 'region'");
  }

  @Test
  void aLargeObjectStreamsThroughWhole() throws Exception {
    s3.put(bucket, "large/211.csv", TestingDatasets.resolve("messy-csv/211.csv"));
    Map<String, Object> settings = Map.of("encoding", "x-MacRoman", "globs", List.of("211.csv"));
    try (Source fromBucket = bucketSource("large", settings);
        Source fromFolder = folderSource(TestingDatasets.resolve("messy-csv"), settings)) {
      StreamDescriptor stream = fromBucket.discover().get(0);

      assertThat(count(fromBucket, stream)).isEqualTo(count(fromFolder, stream)).isEqualTo(2132);
    }
  }

  private static long count(Source source, StreamDescriptor stream) throws InterruptedException {
    long[] rows = new long[1];
    source.read(stream, batch -> rows[0] += batch.size());
    return rows[0];
  }
}
