package io.airlock.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The widening rule that schema change detection and the PostgreSQL destination share. */
class TypeWideningTest {
  @Test
  void widerIntegersFloatsAndIntegerIntoUnconstrainedDecimalWiden() {
    assertThat(TypeWidening.widens(DataType.integer(2), DataType.integer(4))).isTrue();
    assertThat(TypeWidening.widens(DataType.integer(4), DataType.INTEGER)).isTrue();
    assertThat(TypeWidening.widens(DataType.INTEGER, DataType.integer(4))).isFalse();
    assertThat(TypeWidening.widens(DataType.floating(4), DataType.FLOAT)).isTrue();
    assertThat(TypeWidening.widens(DataType.FLOAT, DataType.floating(4))).isFalse();
    assertThat(TypeWidening.widens(DataType.INTEGER, DataType.DECIMAL)).isTrue();
    assertThat(TypeWidening.widens(DataType.INTEGER, DataType.decimal(30, 0))).isFalse();
    assertThat(TypeWidening.widens(DataType.INTEGER, DataType.TEXT)).isFalse();
  }

  @Test
  void longerVarcharOrTextWidenButBlankPaddedTextDoesNot() {
    assertThat(TypeWidening.widens(DataType.text(10), DataType.text(40))).isTrue();
    assertThat(TypeWidening.widens(DataType.text(10), DataType.TEXT)).isTrue();
    assertThat(TypeWidening.widens(DataType.text(40), DataType.text(10))).isFalse();
    assertThat(TypeWidening.widens(DataType.TEXT, DataType.text(10))).isFalse();
    assertThat(TypeWidening.widens(DataType.fixedText(3), DataType.text(10))).isFalse();
    assertThat(TypeWidening.widens(DataType.text(3), DataType.fixedText(10))).isFalse();
  }

  @Test
  void numericWidensWithMoreDigitsAndTheSameScale() {
    assertThat(TypeWidening.widens(DataType.decimal(8, 2), DataType.decimal(12, 2))).isTrue();
    assertThat(TypeWidening.widens(DataType.decimal(8, 2), DataType.DECIMAL)).isTrue();
    assertThat(TypeWidening.widens(DataType.decimal(8, 2), DataType.decimal(12, 4))).isFalse();
    assertThat(TypeWidening.widens(DataType.decimal(12, 2), DataType.decimal(8, 2))).isFalse();
    assertThat(TypeWidening.widens(DataType.DECIMAL, DataType.decimal(38, 2))).isFalse();
  }

  @Test
  void timestampsWidenWithMoreFractionalDigitsAndArraysByElement() {
    DataType millis = DataType.temporal(DataType.Kind.TIMESTAMP, 3);
    assertThat(TypeWidening.widens(millis, DataType.TIMESTAMP)).isTrue();
    assertThat(TypeWidening.widens(millis, DataType.temporal(DataType.Kind.TIMESTAMP, 6))).isTrue();
    assertThat(TypeWidening.widens(DataType.TIMESTAMP, millis)).isFalse();
    assertThat(TypeWidening.widens(DataType.TIMESTAMP, DataType.TIMESTAMPTZ)).isFalse();
    assertThat(
            TypeWidening.widens(
                DataType.arrayOf(DataType.integer(4)), DataType.arrayOf(DataType.INTEGER)))
        .isTrue();
    assertThat(TypeWidening.widens(DataType.exactJson(), DataType.JSON)).isFalse();
  }
}
