package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.testing.TestingS3;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files destination (JSON Lines) writing to a bucket of the S3 test server, against the
 * destination contract: the ids are those of every visible part object under the stream's prefix,
 * as a reader listing the bucket sees them (hidden staging prefixes left out).
 */
class FilesS3DestinationContractTest extends DestinationContract {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static TestingS3 s3;
  private static String bucket;

  @BeforeAll
  static void createBucket() {
    s3 = TestingS3.shared();
    bucket = s3.createBucket("destination-contract");
  }

  @Override
  protected String type() {
    return "destination-files";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return settings(bucket);
  }

  /** A bucket that does not exist. */
  @Override
  protected ConnectorSettings badSettings() {
    return settings("no-such-bucket-for-contract");
  }

  private ConnectorSettings settings(String bucketName) {
    Map<String, Object> config = new HashMap<>(s3.settings(bucketName, "out"));
    config.put("format", "jsonl");
    return new ConnectorSettings(type(), config, TestingS3.secrets());
  }

  @Override
  protected List<Long> idsOf(String stream) {
    List<Long> ids = new ArrayList<>();
    for (S3Object object :
        s3.client()
            .listObjectsV2Paginator(request -> request.bucket(bucket).prefix("out/" + stream + "/"))
            .contents()) {
      if (!object.key().endsWith(".jsonl") || object.key().contains("/.")) {
        continue;
      }
      String text =
          s3.client()
              .getObjectAsBytes(request -> request.bucket(bucket).key(object.key()))
              .asUtf8String();
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          ids.add(JSON.readTree(line).path("id").asLong());
        }
      }
    }
    return ids.stream().sorted().toList();
  }
}
