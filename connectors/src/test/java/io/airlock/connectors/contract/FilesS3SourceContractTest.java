package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingS3;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The files source reading a bucket of the S3 test server, against the source contract. */
class FilesS3SourceContractTest {
  private static TestingS3 s3;
  private static String bucket;

  @BeforeAll
  static void upload() {
    s3 = TestingS3.shared();
    bucket = s3.createBucket("source-contract");
    s3.put(bucket, "in/visits.csv", "id,zip,amount\n1,02134,1.50\n2,,-0.01\n");
    s3.put(
        bucket,
        "in/events.jsonl",
        "{\"id\": 1, \"kind\": \"a\", \"tags\": [1, 2]}\n{\"id\": 2, \"kind\": null}\n");
    s3.put(
        bucket,
        "in/alltypes_plain.parquet",
        TestingDatasets.resolve("parquet/alltypes_plain.parquet"));
  }

  private abstract static class BucketFormat extends SourceContract {
    abstract String format();

    @Override
    protected String type() {
      return "source-files";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return settings(bucket);
    }

    @Override
    protected ConnectorSettings badSettings() {
      return settings("no-such-bucket-for-contract");
    }

    @Override
    protected String secretInBadSettings() {
      return "airlock-test-secret-key";
    }

    @Override
    protected String cursorField(StreamDescriptor stream) {
      return "_airlock_file_modified";
    }

    @Override
    protected boolean rereadsTheLastCursorValue() {
      return false;
    }

    private ConnectorSettings settings(String bucketName) {
      Map<String, Object> config = new HashMap<>(s3.settings(bucketName, "in/"));
      config.put("format", format());
      config.put("file_columns", true);
      return new ConnectorSettings(type(), config, TestingS3.secrets());
    }
  }

  @Nested
  class Csv extends BucketFormat {
    @Override
    String format() {
      return "csv";
    }
  }

  @Nested
  class JsonLines extends BucketFormat {
    @Override
    String format() {
      return "jsonl";
    }
  }

  @Nested
  class Parquet extends BucketFormat {
    @Override
    String format() {
      return "parquet";
    }
  }
}
