package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** COPY text rows decoded into typed values, and the destination's encoding read back. */
class CopyRowDecoderTest {
  private static final Random RANDOM = new Random(44);

  @Test
  void decimalsEqualTheBigDecimalTextConstructorScaleIncluded() {
    FieldDecoder decoder = FieldDecoders.forType(DataType.DECIMAL, (byte) ',');
    List<String> texts =
        new ArrayList<>(
            List.of(
                "0",
                "-0.00",
                "12.30",
                "42.42",
                "-0.01",
                ".5",
                "5.",
                "+1",
                "007",
                "123456789012345678",
                "-123456789012345678",
                "0.123456789012345678",
                "1234567890123456789",
                "-99999999999999999.99",
                "98765432101.12345678901234",
                "1e5"));
    for (int i = 0; i < 5_000; i++) {
      texts.add(
          BigDecimal.valueOf(RANDOM.nextLong() >> RANDOM.nextInt(64), RANDOM.nextInt(0, 25))
              .toPlainString());
    }

    for (String text : texts) {
      Object decoded = decode(decoder, text);
      assertThat(decoded).as(text).isEqualTo(new BigDecimal(text));
      assertThat(((BigDecimal) decoded).scale()).as(text).isEqualTo(new BigDecimal(text).scale());
    }
  }

  @Test
  void decimalSpecialsAndMalformedNumbers() {
    FieldDecoder decoder = FieldDecoders.forType(DataType.DECIMAL, (byte) ',');

    assertThat(decode(decoder, "NaN")).isEqualTo(SpecialValue.NAN);
    assertThat(decode(decoder, "Infinity")).isEqualTo(SpecialValue.POSITIVE_INFINITY);
    assertThat(decode(decoder, "-Infinity")).isEqualTo(SpecialValue.NEGATIVE_INFINITY);
    for (String malformed : List.of("", "-", ".", "1.2.3", "12a", "--1")) {
      assertThatThrownBy(() -> decode(decoder, malformed))
          .as(malformed)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a numeric value");
    }
  }

  @Test
  void escapedFieldsAndNullsAreTold() {
    CopyRowDecoder decoder =
        new CopyRowDecoder(
            "s",
            List.of("a", "b", "c", "d"),
            List.of(
                FieldDecoders.forType(DataType.TEXT, (byte) ','),
                FieldDecoders.forType(DataType.TEXT, (byte) ','),
                FieldDecoders.forType(DataType.TEXT, (byte) ','),
                FieldDecoders.forType(DataType.INTEGER, (byte) ',')));

    Object[] row = decoder.decode(bytes("\\N\t\\\\N\ta\\tb\\\\c\\nd\t-5\n"), 1);

    assertThat(row).containsExactly(null, "\\N", "a\tb\\c\nd", -5L);
  }

  @Test
  void aRowWithTooFewOrTooManyFieldsNamesStreamAndRow() {
    CopyRowDecoder decoder =
        new CopyRowDecoder(
            "patients",
            List.of("a", "b"),
            List.of(
                FieldDecoders.forType(DataType.TEXT, (byte) ','),
                FieldDecoders.forType(DataType.TEXT, (byte) ',')));

    assertThatThrownBy(() -> decoder.decode(bytes("x\n"), 3))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Row 3 of stream patients");
    assertThatThrownBy(() -> decoder.decode(bytes("x\ty\tz\n"), 4))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Row 4 of stream patients");
  }

  @Test
  void whatTheEncoderWritesDecodesToEqualValues() throws SQLException {
    List<DataType> types =
        List.of(
            DataType.INTEGER,
            DataType.TEXT,
            DataType.DECIMAL,
            DataType.DATE,
            DataType.TIMESTAMP,
            DataType.TIMESTAMPTZ,
            DataType.JSON,
            DataType.BYTES,
            DataType.arrayOf(DataType.TEXT));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(randomRow());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTextEncoder encoder = new CopyTextEncoder(out::write, types);
    for (Object[] row : rows) {
      encoder.writeRow(row);
    }
    encoder.flush();
    CopyRowDecoder decoder = decoder(types);

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);

    assertThat(lines).hasSize(rows.size() + 1);
    for (int i = 0; i < rows.size(); i++) {
      Object[] decoded = decoder.decode(bytes(lines[i]), i + 1);
      assertThat(decoded[7]).isEqualTo(rows.get(i)[7]);
      decoded[7] = rows.get(i)[7];
      assertThat(decoded).as("row %d", i).containsExactly(rows.get(i));
    }
  }

  private static Object[] randomRow() {
    LocalDateTime local =
        LocalDateTime.of(
            RANDOM.nextInt(-4_712, 20_000),
            1 + RANDOM.nextInt(12),
            1 + RANDOM.nextInt(28),
            RANDOM.nextInt(24),
            RANDOM.nextInt(60),
            RANDOM.nextInt(60),
            RANDOM.nextInt(1_000_000) * 1_000);
    byte[] bytes = new byte[RANDOM.nextInt(8)];
    RANDOM.nextBytes(bytes);
    return new Object[] {
      RANDOM.nextLong() >> RANDOM.nextInt(64),
      RANDOM.nextInt(10) == 0 ? null : "t\u00e9xt\t\\ " + RANDOM.nextInt() + "\n\ud83d\ude00",
      BigDecimal.valueOf(RANDOM.nextLong() >> RANDOM.nextInt(64), RANDOM.nextInt(0, 25)),
      local.toLocalDate(),
      local,
      OffsetDateTime.of(local, ZoneOffset.UTC),
      new JsonValue("{\"k\": \"v\\\\" + RANDOM.nextInt() + "\"}"),
      bytes,
      Arrays.asList("a,b", null, "c\"d\\e", "{x}")
    };
  }

  private static CopyRowDecoder decoder(List<DataType> types) {
    List<FieldDecoder> decoders = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (DataType type : types) {
      decoders.add(FieldDecoders.forType(type, (byte) ','));
      names.add("c" + names.size());
    }
    return new CopyRowDecoder("s", names, decoders);
  }

  private static Object decode(FieldDecoder decoder, String text) {
    byte[] padded = bytes("##" + text + "##");
    return decoder.decode(padded, 2, padded.length - 4);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
