package io.airlock.cli.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.cli.CliException;
import io.airlock.protocol.job.SyncMode;
import org.junit.jupiter.api.Test;

class StreamSelectionTest {
  @Test
  void nameAloneIsOverwritten() {
    assertThat(StreamSelection.parse("public.patients"))
        .isEqualTo(new StreamSelection("public.patients", SyncMode.FULL_REFRESH_OVERWRITE, null));
  }

  @Test
  void incrementalModesTakeTheirCursorColumn() {
    assertThat(StreamSelection.parse("public.orders:dedup:updated_at"))
        .isEqualTo(
            new StreamSelection("public.orders", SyncMode.INCREMENTAL_APPEND_DEDUP, "updated_at"));
    assertThat(StreamSelection.parse("orders:incremental:id").toJson())
        .containsEntry("syncMode", "INCREMENTAL_APPEND")
        .containsEntry("cursorField", "id");
  }

  @Test
  void aCursorIsRequiredByIncrementalModesAndRefusedByOthers() {
    assertThatThrownBy(() -> StreamSelection.parse("orders:dedup"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("needs a cursor column");
    assertThatThrownBy(() -> StreamSelection.parse("orders:append:id"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("incremental modes only");
  }

  @Test
  void shortAndFullModeNamesAreAccepted() {
    assertThat(StreamSelection.parse("orders:append").syncMode())
        .isEqualTo(SyncMode.FULL_REFRESH_APPEND);
    assertThat(StreamSelection.parse("orders:full_refresh_overwrite").syncMode())
        .isEqualTo(SyncMode.FULL_REFRESH_OVERWRITE);
  }

  @Test
  void unknownModeNamesTheValidOnes() {
    assertThatThrownBy(() -> StreamSelection.parse("orders:sometimes"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("'orders:sometimes'")
        .hasMessageContaining("FULL_REFRESH_APPEND");
  }

  @Test
  void hashNeedsAReferenceAsKey() {
    assertThatThrownBy(
            () -> ConnectionsCommand.mappers(java.util.List.of("ssn"), "plain-key-value"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--hash-key must be a secret reference")
        .hasMessageNotContaining("plain-key-value");
  }
}
