package io.airlock.connectors.files.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingS3;
import io.airlock.connectors.testing.TestingS3Refusal;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code destination-files} writing to a bucket of a real S3-compatible server ({@link TestingS3}),
 * read back through {@code source-files} from the same bucket: each format row for row, parts
 * larger than one upload part (multipart) and Parquet read back by ranged requests, a failed
 * overwrite that leaves the old files and {@code _LATEST} as they were with no upload left open,
 * and the errors for a missing bucket and refused credentials.
 */
class FilesS3DestinationTest {
  private static TestingS3 s3;
  private static String bucket;

  @BeforeAll
  static void createBucket() {
    s3 = TestingS3.shared();
    bucket = s3.createBucket("destination");
  }

  private static Destination destination(String prefix, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(s3.settings(bucket, prefix));
    config.putAll(extra);
    return ConnectorRegistry.builtIn()
        .factory(FilesDestinationFactory.TYPE)
        .createDestination(
            new ConnectorSettings(FilesDestinationFactory.TYPE, config, TestingS3.secrets()));
  }

  private static Source bucketSource(String prefix, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(s3.settings(bucket, prefix));
    config.putAll(extra);
    return ConnectorRegistry.builtIn()
        .factory("source-files")
        .createSource(new ConnectorSettings("source-files", config, TestingS3.secrets()));
  }

  private static Source datasetSource() {
    return ConnectorRegistry.builtIn()
        .factory("source-files")
        .createSource(
            new ConnectorSettings(
                "source-files",
                Map.of(
                    "path",
                    TestingDatasets.resolve("synthea").toString(),
                    "globs",
                    List.of("patients.csv")),
                reference -> null));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jsonl", "csv", "parquet"})
  void aStreamWrittenToTheBucketReadsBackRowForRow(String format) throws Exception {
    String prefix = "roundtrip-" + format;
    List<List<Object>> expected;
    try (Source source = datasetSource();
        Destination destination =
            destination(prefix, Map.of("format", format, "rowsPerFile", 40))) {
      StreamDescriptor patients = source.discover().get(0);
      expected = readAll(source, patients);
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }

    String sync = latest(prefix, "patients");
    List<String> parts = keys(prefix + "/patients/" + sync + "/");
    assertThat(parts).hasSizeGreaterThan(1).allMatch(key -> key.endsWith("." + format));
    try (Source back =
        bucketSource(
            prefix + "/patients/" + sync,
            Map.of("format", format, "globs", List.of("*." + format), "stream", "patients"))) {
      StreamDescriptor stream = back.discover().get(0);
      assertThat(stream.columns()).extracting(Column::name).contains("Id", "BIRTHDATE", "ZIP");
      assertThat(canonical(readAll(back, stream))).isEqualTo(canonical(expected));
    }
  }

  @Test
  void aPartLargerThanOneUploadPartIsUploadedInPartsAndReadBackByRanges() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "large",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("label", DataType.TEXT, true, null),
                new Column("amount", DataType.decimal(12, 2), true, null)),
            List.of("id"));
    int rows = 150_000;
    String padding = "-".repeat(40);
    try (Destination destination =
            destination("large", Map.of("format", "parquet", "compression", "uncompressed"));
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      for (int start = 0; start < rows; start += 10_000) {
        List<Object[]> batch = new ArrayList<>();
        for (int id = start; id < start + 10_000; id++) {
          batch.add(
              new Object[] {
                (long) id,
                "label-" + id + "-" + Integer.toHexString(id * 7919) + padding,
                BigDecimal.valueOf(id, 2)
              });
        }
        writer.write(new RecordBatch(stream.columns(), batch, 0));
      }
      writer.finish();
    }

    String sync = latest("large", "large");
    S3Object part =
        s3.client()
            .listObjectsV2(request -> request.bucket(bucket).prefix("large/large/" + sync + "/"))
            .contents()
            .getFirst();
    assertThat(part.size()).isGreaterThan(S3FileStore.PART_SIZE);
    try (Source back =
        bucketSource("large/large/" + sync, Map.of("format", "parquet", "stream", "large"))) {
      StreamDescriptor read = back.discover().get(0);
      long[] count = new long[2];
      back.read(
          read,
          batch -> {
            for (Object[] row : batch.rows()) {
              count[0]++;
              count[1] += (Long) row[0];
            }
          });
      assertThat(count[0]).isEqualTo(rows);
      assertThat(count[1]).isEqualTo((long) rows * (rows - 1) / 2);
    }
  }

  @Test
  void aFailedOverwriteLeavesTheOldFilesAndLatestAndNoUploadOpen() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "orders",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("label", DataType.TEXT, true, null)),
            List.of("id"));
    write(stream, List.of(1L, 2L));
    String before = latest("failing", "orders");
    List<String> keysBefore = keys("failing/orders/");

    try (Destination destination = destination("failing", Map.of("format", "csv"));
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      String label = "a label long enough to fill more than one upload part ".repeat(2);
      for (long start = 0; start < 150_000; start += 50_000) {
        List<Object[]> batch = new ArrayList<>();
        for (long id = start; id < start + 50_000; id++) {
          batch.add(new Object[] {id, label});
        }
        writer.write(new RecordBatch(stream.columns(), batch, 0));
      }
      assertThat(
              s3.client()
                  .listMultipartUploads(request -> request.bucket(bucket).prefix("failing/"))
                  .uploads())
          .as("an upload in progress before the abort")
          .hasSize(1);
      writer.abort();
    }

    assertThat(latest("failing", "orders")).isEqualTo(before);
    assertThat(keys("failing/orders/")).isEqualTo(keysBefore);
    assertThat(
            s3.client()
                .listMultipartUploads(request -> request.bucket(bucket).prefix("failing/"))
                .uploads())
        .isEmpty();
  }

  private static void write(StreamDescriptor stream, List<Long> ids) {
    try (Destination destination = destination("failing", Map.of("format", "csv"));
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      writer.write(
          new RecordBatch(
              stream.columns(), ids.stream().map(id -> new Object[] {id, "x"}).toList(), 0));
      writer.finish();
    }
  }

  @Test
  void aMissingBucketFailsTheCheckNamingIt() {
    Map<String, Object> config = new HashMap<>(s3.settings("no-such-bucket-out", ""));
    config.put("format", "jsonl");
    try (Destination destination =
        ConnectorRegistry.builtIn()
            .factory(FilesDestinationFactory.TYPE)
            .createDestination(
                new ConnectorSettings(FilesDestinationFactory.TYPE, config, TestingS3.secrets()))) {
      assertThatThrownBy(destination::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("Bucket no-such-bucket-out does not exist");
    }
  }

  @Test
  void refusedCredentialsFailTheCheckNamingTheBucket() {
    try (TestingS3Refusal refusal = new TestingS3Refusal()) {
      Map<String, Object> config = new HashMap<>(s3.settings("exports", ""));
      config.put("endpoint", refusal.endpoint());
      config.remove("endpoint_ca_certificate");
      config.put("format", "jsonl");
      try (Destination destination =
          ConnectorRegistry.builtIn()
              .factory(FilesDestinationFactory.TYPE)
              .createDestination(
                  new ConnectorSettings(
                      FilesDestinationFactory.TYPE, config, TestingS3.secrets()))) {
        assertThatThrownBy(destination::check)
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("Access to bucket exports")
            .hasMessageNotContaining("airlock-test-secret-key");
      }
    }
  }

  private static String latest(String prefix, String stream) {
    return s3.client()
        .getObjectAsBytes(request -> request.bucket(bucket).key(prefix + "/" + stream + "/_LATEST"))
        .asUtf8String()
        .strip();
  }

  private static List<String> keys(String prefix) {
    return s3
        .client()
        .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private static List<List<Object>> readAll(Source source, StreamDescriptor stream)
      throws InterruptedException {
    List<List<Object>> rows = new ArrayList<>();
    source.read(stream, batch -> batch.rows().forEach(row -> rows.add(Arrays.asList(row))));
    return rows;
  }

  /**
   * Rows as text, sorted. Decimals compare by value: Parquet gives every value of a column the
   * column's scale.
   */
  private static List<String> canonical(List<List<Object>> rows) {
    return rows.stream()
        .map(row -> row.stream().map(FilesS3DestinationTest::canonical).toList())
        .map(Object::toString)
        .sorted()
        .toList();
  }

  private static String canonical(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return Objects.toString(value, "<null>");
  }
}
