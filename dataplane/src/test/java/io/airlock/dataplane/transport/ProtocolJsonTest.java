package io.airlock.dataplane.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.StreamProgress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {
  @Test
  void instantsTravelAsIsoTextAndUnknownFieldsAreIgnored() {
    HeartbeatResponse response =
        ProtocolJson.MAPPER.readValue(
            "{\"expiresAt\":\"2026-12-04T10:42:00.123456Z\",\"cancelled\":true,\"later\":1}",
            HeartbeatResponse.class);

    assertThat(response.expiresAt()).isEqualTo(Instant.parse("2026-12-04T10:42:00.123456Z"));
    assertThat(response.cancelled()).isTrue();
    assertThat(ProtocolJson.MAPPER.writeValueAsString(response))
        .contains("\"expiresAt\":\"2026-12-04T10:42:00.123456Z\"");
  }

  @Test
  void resultsAreCamelCase() {
    String json =
        ProtocolJson.MAPPER.writeValueAsString(
            new JobResult(
                3, JobOutcome.SUCCEEDED, List.of(new StreamProgress("a", 1, 2, 3)), null, null));

    assertThat(json)
        .contains("\"generation\":3")
        .contains("\"outcome\":\"SUCCEEDED\"")
        .contains("\"elapsedMillis\":3");
  }
}
