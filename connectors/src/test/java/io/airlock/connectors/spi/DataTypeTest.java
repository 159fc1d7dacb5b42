package io.airlock.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataTypeTest {
  @Test
  void theWidestFormEqualsTheUndeclaredOne() {
    assertThat(DataType.integer(8)).isEqualTo(DataType.INTEGER);
    assertThat(DataType.floating(8)).isEqualTo(DataType.FLOAT);
    assertThat(new DataType(DataType.Kind.TEXT, null, null, null)).isEqualTo(DataType.TEXT);
  }

  @Test
  void declaredAttributesMakeADifferentType() {
    assertThat(DataType.integer(2)).isNotEqualTo(DataType.INTEGER);
    assertThat(DataType.text(20)).isNotEqualTo(DataType.fixedText(20));
    assertThat(DataType.exactJson()).isNotEqualTo(DataType.JSON);
    assertThat(DataType.temporal(DataType.Kind.TIMESTAMP, 3).precision()).isEqualTo(3);
  }

  @Test
  void attributesOfAnotherKindAreRefused() {
    assertThatThrownBy(
            () -> new DataType(DataType.Kind.TEXT, null, null, null, 4, null, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width 4 does not apply to TEXT");
    assertThatThrownBy(() -> DataType.integer(3)).hasMessageContaining("use 2, 4 or 8");
    assertThatThrownBy(
            () -> new DataType(DataType.Kind.INTEGER, null, null, null, null, 5, false, false))
        .hasMessageContaining("length applies to TEXT only");
    assertThatThrownBy(() -> DataType.text(0)).hasMessageContaining("length must be positive");
    assertThatThrownBy(
            () -> new DataType(DataType.Kind.TEXT, null, null, null, null, null, true, false))
        .hasMessageContaining("fixedLength needs a length");
    assertThatThrownBy(
            () -> new DataType(DataType.Kind.TEXT, null, null, null, null, null, false, true))
        .hasMessageContaining("exactText applies to JSON only");
    assertThatThrownBy(() -> DataType.temporal(DataType.Kind.DATE, 3))
        .hasMessageContaining("not DATE");
  }
}
