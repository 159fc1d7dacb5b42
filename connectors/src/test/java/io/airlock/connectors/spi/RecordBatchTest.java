package io.airlock.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
  @Test
  void approximateBytesFollowTheValuesNotTheRowCount() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, "x".repeat(22_400), null});
    rows.add(new Object[] {2L, "ab", new byte[] {1, 2, 3}});
    rows.add(new Object[] {3L, new JsonValue("[1,2]"), true});

    assertThat(RecordBatch.approximateBytes(rows))
        .isEqualTo(8 + 22_400 + 1 + 8 + 2 + 3 + 8 + 5 + 8);
  }
}
