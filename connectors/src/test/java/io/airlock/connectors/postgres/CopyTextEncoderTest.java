package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.postgres.CopyEncoder.UnencodableValueException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The COPY text the destination writes, value by value: numbers must equal {@link
 * BigDecimal#toPlainString()} and {@link Long#toString(long)}, which the encoder used to call, and
 * dates and timestamps PostgreSQL's own forms, checked against a formatter written independently
 * here.
 */
class CopyTextEncoderTest {
  private static final Random RANDOM = new Random(20240229);

  @Test
  void decimalsAreWrittenAsTheirPlainString() {
    List<BigDecimal> values =
        new ArrayList<>(
            List.of(
                BigDecimal.ZERO,
                new BigDecimal("0.00"),
                new BigDecimal("-0.000"),
                new BigDecimal("-0.01"),
                new BigDecimal("42.42"),
                new BigDecimal("0.12"),
                new BigDecimal("1E+3"),
                new BigDecimal("0E+3"),
                new BigDecimal("-7E+2"),
                new BigDecimal("1E-30"),
                new BigDecimal("98765432101.12345678901234"),
                new BigDecimal("999999999999999999"),
                new BigDecimal("-999999999999999999"),
                new BigDecimal("0.999999999999999999"),
                new BigDecimal("-99999999999999999.99"),
                new BigDecimal("1000000000000000000"),
                new BigDecimal("0.0000000000000000001"),
                new BigDecimal(BigInteger.TEN.pow(40)),
                new BigDecimal(BigInteger.valueOf(123), 18),
                new BigDecimal(BigInteger.valueOf(-123), 19),
                BigDecimal.valueOf(Long.MAX_VALUE, 4),
                BigDecimal.valueOf(Long.MIN_VALUE, 0)));
    for (int i = 0; i < 5_000; i++) {
      long unscaled = RANDOM.nextLong() >> RANDOM.nextInt(64);
      values.add(BigDecimal.valueOf(unscaled, RANDOM.nextInt(-4, 24)));
    }

    for (BigDecimal value : values) {
      assertThat(encode(DataType.DECIMAL, value)).as("%s", value).isEqualTo(value.toPlainString());
    }
  }

  @Test
  void integersAreWrittenAsTheirDecimalDigits() {
    List<Long> values =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                -1L,
                9L,
                10L,
                99L,
                100L,
                -100L,
                1_000_000_007L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1));
    for (int i = 0; i < 5_000; i++) {
      values.add(RANDOM.nextLong() >> RANDOM.nextInt(64));
    }

    for (long value : values) {
      assertThat(encode(DataType.INTEGER, value)).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void specialValuesKeepTheirPostgresSpelling() {
    assertThat(encode(DataType.DECIMAL, SpecialValue.NAN)).isEqualTo("NaN");
    assertThat(encode(DataType.DECIMAL, SpecialValue.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(encode(DataType.FLOAT, Double.NaN)).isEqualTo("NaN");
    assertThat(encode(DataType.FLOAT, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(encode(DataType.FLOAT, 0.1)).isEqualTo("0.1");
    for (DataType type : List.of(DataType.DATE, DataType.TIMESTAMP, DataType.TIMESTAMPTZ)) {
      assertThat(encode(type, SpecialValue.POSITIVE_INFINITY)).isEqualTo("infinity");
      assertThat(encode(type, SpecialValue.NEGATIVE_INFINITY)).isEqualTo("-infinity");
    }
  }

  @Test
  void datesAndTimestampsUsePostgresForms() {
    assertThat(encode(DataType.DATE, LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
    assertThat(encode(DataType.DATE, LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
    assertThat(encode(DataType.DATE, LocalDate.of(0, 1, 1))).isEqualTo("0001-01-01 BC");
    assertThat(encode(DataType.DATE, LocalDate.of(12345, 6, 7))).isEqualTo("12345-06-07");
    assertThat(encode(DataType.DATE, LocalDate.of(Year.MAX_VALUE, 12, 31)))
        .isEqualTo("999999999-12-31");
    assertThat(encode(DataType.DATE, LocalDate.of(Year.MIN_VALUE, 1, 1)))
        .isEqualTo("1000000000-01-01 BC");
    assertThat(encode(DataType.TIMESTAMP, LocalDateTime.of(-43, 3, 15, 12, 0)))
        .isEqualTo("0044-03-15 12:00:00 BC");
    assertThat(encode(DataType.TIMESTAMP, LocalDateTime.of(12345, 6, 7, 8, 9, 10)))
        .isEqualTo("12345-06-07 08:09:10");
    assertThat(encode(DataType.TIMESTAMP, LocalDateTime.of(2024, 5, 5, 10, 0, 0, 123_456_000)))
        .isEqualTo("2024-05-05 10:00:00.123456");
    assertThat(encode(DataType.TIMESTAMP, LocalDateTime.of(2024, 5, 5, 10, 0, 0, 1)))
        .isEqualTo("2024-05-05 10:00:00.000000001");
    assertThat(encode(DataType.TIMESTAMP, LocalDateTime.of(2024, 5, 5, 10, 0, 0, 100_000_000)))
        .isEqualTo("2024-05-05 10:00:00.1");
    assertThat(encode(DataType.TIME, LocalTime.MAX)).isEqualTo("23:59:59.999999999");
    assertThat(encode(DataType.TIME, LocalTime.of(7, 8))).isEqualTo("07:08:00");
    assertThat(
            encode(
                DataType.TIMESTAMPTZ,
                OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 10_000, ZoneOffset.UTC)))
        .isEqualTo("2000-01-01 00:00:00.00001+00");
    assertThat(
            encode(
                DataType.TIMESTAMPTZ,
                OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(5, 30))))
        .isEqualTo("1999-12-31 23:59:59+05:30");
    assertThat(
            encode(
                DataType.TIMESTAMPTZ,
                OffsetDateTime.of(-99, 7, 1, 1, 2, 3, 0, ZoneOffset.ofTotalSeconds(-30))))
        .isEqualTo("0100-07-01 01:02:03-00:00:30 BC");
  }

  @Test
  void timestampsMatchAnIndependentFormatter() {
    for (int i = 0; i < 5_000; i++) {
      LocalDateTime local =
          LocalDateTime.of(
              RANDOM.nextInt(-4_712, 300_000),
              1 + RANDOM.nextInt(12),
              1 + RANDOM.nextInt(28),
              RANDOM.nextInt(24),
              RANDOM.nextInt(60),
              RANDOM.nextInt(60),
              RANDOM.nextBoolean() ? RANDOM.nextInt(1_000_000) * 1_000 : RANDOM.nextInt(1 << 20));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(RANDOM.nextInt(-18 * 3600, 18 * 3600 + 1));
      OffsetDateTime zoned = OffsetDateTime.of(local, offset);

      assertThat(encode(DataType.DATE, local.toLocalDate()))
          .isEqualTo(reference(local, null, true));
      assertThat(encode(DataType.TIMESTAMP, local)).isEqualTo(reference(local, null, false));
      assertThat(encode(DataType.TIMESTAMPTZ, zoned)).isEqualTo(reference(local, offset, false));
    }
  }

  @Test
  void textIsEscapedAndEncodedAsUtf8() {
    assertThat(encode(DataType.TEXT, "tab\there\nnew\rline \\ back"))
        .isEqualTo("tab\\there\\nnew\\rline \\\\ back");
    assertThat(encode(DataType.TEXT, "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u0001"))
        .isEqualTo("caf\u00e9 \u65e5\u672c \ud83d\ude00 \u0001");
    assertThat(encode(DataType.TEXT, "")).isEmpty();
    assertThat(encode(DataType.TEXT, "why? \u00bfpor qu\u00e9?"))
        .isEqualTo("why? \u00bfpor qu\u00e9?");
    assertThat(encode(DataType.TEXT, "0123456789abcdef\\")).isEqualTo("0123456789abcdef\\\\");
    assertThat(encode(DataType.TEXT, "\\0123456789abcdef")).isEqualTo("\\\\0123456789abcdef");
    assertThat(encode(DataType.JSON, new JsonValue("{\"a\": \"x\\ny\"}")))
        .isEqualTo("{\"a\": \"x\\\\ny\"}");
  }

  @Test
  void longAndManyTextsCrossBufferBoundariesIntact() throws SQLException {
    String unit = "\u00e9\t\\\ud83d\ude00abc\u65e5\n";
    List<String> texts = new ArrayList<>();
    texts.add(unit.repeat(40_000));
    for (int i = 0; i < 3_000; i++) {
      texts.add(unit.repeat(RANDOM.nextInt(1, 200)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTextEncoder encoder = encoder(out, List.of(DataType.TEXT, DataType.INTEGER));

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      encoder.writeRow(new Object[] {texts.get(i), (long) i});
      expected.append(escape(texts.get(i))).append('\t').append(i).append('\n');
    }
    encoder.flush();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }

  @Test
  void rowsSeparateFieldsWithTabsAndWriteNullAsBackslashN() throws SQLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UUID uuid = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    CopyTextEncoder encoder =
        encoder(
            out,
            List.of(
                DataType.INTEGER,
                DataType.TEXT,
                DataType.BOOLEAN,
                DataType.UUID,
                DataType.BYTES,
                DataType.arrayOf(DataType.TEXT)));

    encoder.writeRow(
        new Object[] {
          7L,
          null,
          true,
          uuid,
          new byte[] {(byte) 0xca, (byte) 0xfe, 0, (byte) 0xff},
          Arrays.asList("a,b", "c\"d", null)
        });
    encoder.writeRow(new Object[] {null, "x", false, null, null, List.of()});
    encoder.flush();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "7\t\\N\tt\t0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\t\\\\xcafe00ff"
                + "\t{\"a,b\",\"c\\\\\"d\",NULL}\n"
                + "\\N\tx\tf\t\\N\t\\N\t{}\n");
  }

  @Test
  void uuidsAreWrittenAsTheirCanonicalText() {
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = new UUID(RANDOM.nextLong(), RANDOM.nextLong());
      assertThat(encode(DataType.UUID, uuid)).isEqualTo(uuid.toString());
    }
  }

  @Test
  void aValueOfAnotherClassIsWrittenByItsClass() {
    assertThat(encode(DataType.INTEGER, "12")).isEqualTo("12");
    assertThat(encode(DataType.TEXT, 12L)).isEqualTo("12");
    assertThat(encode(DataType.TEXT, new BigDecimal("-1.50"))).isEqualTo("-1.50");
  }

  @Test
  void unencodableTextNamesTheColumnNotTheValue() {
    assertThatThrownBy(() -> encodeRow(List.of(DataType.INTEGER, DataType.TEXT), 1L, "a\0b"))
        .isInstanceOf(UnencodableValueException.class)
        .hasMessageContaining("NUL character")
        .hasMessageNotContaining("a\0b")
        .satisfies(e -> assertThat(((UnencodableValueException) e).column()).isEqualTo(1));
    for (String unpaired : List.of("x\ud800y", "\udc00", "0123456789abcdef\ud83d")) {
      assertThatThrownBy(() -> encode(DataType.TEXT, unpaired))
          .isInstanceOf(UnencodableValueException.class)
          .hasMessageContaining("unpaired UTF-16 surrogate");
    }
    assertThatThrownBy(() -> encode(DataType.INTEGER, SpecialValue.NAN))
        .isInstanceOf(UnencodableValueException.class)
        .hasMessageContaining("cannot be stored in a INTEGER column");
  }

  private static String encode(DataType type, Object value) {
    try {
      return encodeRow(List.of(type), value);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String encodeRow(List<DataType> types, Object... values) throws SQLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTextEncoder encoder = encoder(out, types);
    encoder.writeRow(values);
    encoder.flush();
    String line = out.toString(StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    return line.substring(0, line.length() - 1);
  }

  private static CopyTextEncoder encoder(ByteArrayOutputStream out, List<DataType> types) {
    return new CopyTextEncoder(out::write, types);
  }

  /** COPY escaping, done the slow and obvious way. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }

  /** PostgreSQL's ISO output with {@code DateStyle=ISO}, written with String.format. */
  private static String reference(LocalDateTime local, ZoneOffset offset, boolean dateOnly) {
    int year = local.getYear();
    String text =
        String.format(
            "%04d-%02d-%02d",
            year <= 0 ? 1 - year : year, local.getMonthValue(), local.getDayOfMonth());
    if (!dateOnly) {
      text +=
          String.format(" %02d:%02d:%02d", local.getHour(), local.getMinute(), local.getSecond());
      if (local.getNano() != 0) {
        text += ("." + String.format("%09d", local.getNano())).replaceAll("0+$", "");
      }
    }
    if (offset != null) {
      int seconds = Math.abs(offset.getTotalSeconds());
      text += (offset.getTotalSeconds() < 0 ? "-" : "+") + String.format("%02d", seconds / 3600);
      if (seconds % 3600 != 0) {
        text += String.format(":%02d", seconds / 60 % 60);
      }
      if (seconds % 60 != 0) {
        text += String.format(":%02d", seconds % 60);
      }
    }
    return year <= 0 ? text + " BC" : text;
  }
}
