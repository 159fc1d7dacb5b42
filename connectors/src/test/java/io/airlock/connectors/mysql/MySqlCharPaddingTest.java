package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.spi.DataType;
import org.junit.jupiter.api.Test;

/**
 * MySQL strips the blank padding of {@code CHAR(n)} values when it returns them; the source pads
 * them back to n characters, counted as characters (code points), not bytes or UTF-16 units.
 */
class MySqlCharPaddingTest {
  @Test
  void charValuesArePaddedToTheirLengthInCharacters() {
    assertThat(MySqlValues.padded("ab", DataType.fixedText(5))).isEqualTo("ab   ");
    assertThat(MySqlValues.padded("é😀", DataType.fixedText(4))).isEqualTo("é😀  ");
    assertThat(MySqlValues.padded("", DataType.fixedText(2))).isEqualTo("  ");
  }

  @Test
  void fullValuesOtherTextAndOtherKindsAreUnchanged() {
    assertThat(MySqlValues.padded("abcde", DataType.fixedText(5))).isEqualTo("abcde");
    assertThat(MySqlValues.padded("ab", DataType.text(5))).isEqualTo("ab");
    assertThat(MySqlValues.padded("ab", DataType.TEXT)).isEqualTo("ab");
    assertThat(MySqlValues.padded(7L, DataType.INTEGER)).isEqualTo(7L);
    assertThat(MySqlValues.padded(null, DataType.fixedText(3))).isNull();
  }
}
