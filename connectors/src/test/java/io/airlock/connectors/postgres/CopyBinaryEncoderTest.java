package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.postgres.CopyEncoder.UnencodableValueException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import io.airlock.connectors.testing.TestingPostgres;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Every value loaded through binary COPY reads back exactly as the same value loaded through COPY
 * text, whose forms PostgreSQL parses itself: the two encoders load one table each on a real
 * server, and the tables' text renderings must be equal row for row.
 */
class CopyBinaryEncoderTest {
  private static final String DB = "binary_copy";
  private static final Random RANDOM = new Random(20261204);

  private static TestingPostgres postgres;
  private static Connection connection;

  @BeforeAll
  static void startPostgres() throws SQLException {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    connection = postgres.connect(DB);
  }

  @AfterAll
  static void stopPostgres() throws SQLException {
    connection.close();
    postgres.close();
  }

  @Test
  void integersOfEveryWidthMatchTheirText() throws SQLException {
    List<Object> values = new ArrayList<>(List.of(0L, 1L, -1L, 32767L, -32768L));
    assertSameAsText("smallint", DataType.integer(2), values);
    values.addAll(List.of((long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 123_456_789L));
    assertSameAsText("integer", DataType.integer(4), values);
    values.addAll(List.of(Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE));
    values.addAll(random(200, r -> r.nextLong()));
    assertSameAsText("bigint", DataType.INTEGER, values);
  }

  @Test
  void decimalsKeepEveryDigitAndTheirScale() throws SQLException {
    List<Object> values =
        new ArrayList<>(
            List.of(
                new BigDecimal("98765432101.12345678901234"),
                new BigDecimal("42.42"),
                new BigDecimal("-0.01"),
                new BigDecimal("0"),
                new BigDecimal("0.000"),
                new BigDecimal("10000"),
                new BigDecimal("1E+3"),
                new BigDecimal("-1.5E-10"),
                new BigDecimal("123456789012345678901234567890123456789.123456789"),
                new BigDecimal("0.00010000"),
                new BigDecimal("99999999999999999999"),
                SpecialValue.NAN,
                SpecialValue.POSITIVE_INFINITY,
                SpecialValue.NEGATIVE_INFINITY));
    values.addAll(random(500, CopyBinaryEncoderTest::randomDecimal));
    assertSameAsText("numeric", DataType.DECIMAL, values);
    assertSameAsText(
        "numeric(12,2)",
        DataType.decimal(12, 2),
        List.of(new BigDecimal("42.42"), new BigDecimal("-0.01"), new BigDecimal("1.005")));
  }

  @Test
  void timestampsKeepMicrosecondsEraAndInfinities() throws SQLException {
    List<Object> values =
        new ArrayList<>(
            List.of(
                LocalDateTime.of(-43, 3, 15, 12, 0),
                LocalDateTime.of(12345, 6, 7, 8, 9, 10),
                LocalDateTime.of(2024, 5, 5, 10, 0, 0, 123_456_000),
                LocalDateTime.of(2000, 1, 1, 0, 0),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1_500),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 2_500),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 2_501),
                SpecialValue.POSITIVE_INFINITY,
                SpecialValue.NEGATIVE_INFINITY));
    values.addAll(random(300, CopyBinaryEncoderTest::randomTimestamp));
    assertSameAsText("timestamp", DataType.TIMESTAMP, values);
    assertSameAsText("timestamp(3)", DataType.temporal(DataType.Kind.TIMESTAMP, 3), values);

    List<Object> instants = new ArrayList<>();
    for (Object value : values) {
      instants.add(
          value instanceof LocalDateTime t ? t.atOffset(ZoneOffset.ofHours(-5)) : (Object) value);
    }
    assertSameAsText("timestamptz", DataType.TIMESTAMPTZ, instants);
  }

  @Test
  void datesAndTimesMatchTheirText() throws SQLException {
    List<Object> dates =
        new ArrayList<>(
            List.of(
                LocalDate.of(2000, 1, 1),
                LocalDate.of(1999, 12, 31),
                LocalDate.of(-4712, 1, 1),
                LocalDate.of(12345, 6, 7),
                SpecialValue.POSITIVE_INFINITY,
                SpecialValue.NEGATIVE_INFINITY));
    dates.addAll(random(200, r -> LocalDate.ofEpochDay(r.nextInt(-2_000_000, 3_000_000))));
    assertSameAsText("date", DataType.DATE, dates);

    List<Object> times =
        new ArrayList<>(
            List.of(LocalTime.MIDNIGHT, LocalTime.MAX, LocalTime.of(12, 30, 15, 123_456_789)));
    times.addAll(random(200, r -> LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1_000)));
    assertSameAsText("time", DataType.TIME, times);
  }

  @Test
  void floatsKeepTheirBitsAndSpecialValues() throws SQLException {
    List<Object> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                0.1,
                1e-310));
    values.addAll(random(200, r -> Double.longBitsToDouble(r.nextLong())));
    values.removeIf(v -> v instanceof Double d && Double.isNaN(d) && !d.equals(Double.NaN));
    assertSameAsText("double precision", DataType.FLOAT, values);

    List<Object> singles = new ArrayList<>(List.of(0.0, 0.1, 3.4e38, -1.17549435e-38, Double.NaN));
    singles.addAll(random(200, r -> (double) Float.intBitsToFloat(r.nextInt())));
    singles.removeIf(v -> v instanceof Double d && Double.isNaN(d) && !d.equals(Double.NaN));
    assertSameAsText("real", DataType.floating(4), singles);
  }

  @Test
  void textJsonBytesUuidsAndBooleansMatchTheirText() throws SQLException {
    List<Object> texts =
        List.of("", "plain", "tab\tnew\nline\\back", "rocket 🚀", "ñé", "x".repeat(200_000));
    assertSameAsText("text", DataType.TEXT, texts);
    assertSameAsText("varchar(10)", DataType.text(10), List.of("", "ten chars.", "ñ"));
    assertSameAsText("char(4)", DataType.fixedText(4), List.of("", "ab", "abcd"));

    List<Object> documents =
        List.of(
            new JsonValue("[{\"k\": 1}, null, \"x\"]"),
            new JsonValue("{\"a\": [1, 2]}"),
            new JsonValue("{\"b\": 1,  \"a\" : 2, \"a\": 3}"));
    assertSameAsText("json", DataType.exactJson(), documents);
    assertSameAsText("jsonb", DataType.JSON, documents);

    byte[] cafe = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, (byte) 0xFF};
    byte[] large = new byte[300_000];
    RANDOM.nextBytes(large);
    assertSameAsText("bytea", DataType.BYTES, List.of(cafe, new byte[0], large));
    assertSameAsText("uuid", DataType.UUID, random(50, r -> new UUID(r.nextLong(), r.nextLong())));
    assertSameAsText("boolean", DataType.BOOLEAN, List.of(true, false));
  }

  @Test
  void valuesTheServerWouldRejectNameTheReasonNotTheValue() {
    assertRejected(BinaryColumnType.INT4, 1L << 40, "value out of range for type integer");
    assertRejected(BinaryColumnType.INT2, 40_000L, "value out of range for type smallint");
    assertRejected(BinaryColumnType.FLOAT4, 1e39, "value out of range for type real");
    assertRejected(BinaryColumnType.TEXT, "a\0b", "NUL character");
    assertRejected(BinaryColumnType.TEXT, "a\uD800b", "unpaired UTF-16 surrogate");
    assertRejected(BinaryColumnType.DATE, SpecialValue.NAN, "NAN");
    assertRejected(BinaryColumnType.INT8, "12", "class String");
  }

  private static void assertRejected(BinaryColumnType type, Object value, String reason) {
    CopyBinaryEncoder encoder = new CopyBinaryEncoder((b, o, l) -> {}, List.of(type, type));
    assertThatThrownBy(() -> encoder.writeRow(new Object[] {null, value}))
        .isInstanceOf(UnencodableValueException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((UnencodableValueException) e).column()).isEqualTo(1));
  }

  /**
   * Loads {@code values} (and a NULL) into one table through binary COPY and into another through
   * COPY text, then compares the tables' text renderings in row order.
   */
  private static void assertSameAsText(String sqlType, DataType type, List<?> values)
      throws SQLException {
    String binaryTable = createTable("via_binary", sqlType);
    String textTable = createTable("via_text", sqlType);
    List<Object> withNull = new ArrayList<>(values);
    withNull.add(null);

    BinaryColumnType binaryType =
        BinaryColumnType.of(oidOf(binaryTable), type.kind()).orElseThrow();
    load(
        binaryTable,
        output -> new CopyBinaryEncoder(output, List.of(BinaryColumnType.INT4, binaryType)),
        withNull);
    load(
        textTable,
        output -> new CopyTextEncoder(output, List.of(DataType.integer(4), type)),
        withNull);

    assertThat(rendered(binaryTable)).as(sqlType).containsExactlyElementsOf(rendered(textTable));
    assertThat(rendered(binaryTable)).hasSize(withNull.size());
  }

  private static String createTable(String name, String sqlType) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + name);
      statement.execute("CREATE TABLE " + name + " (id integer, v " + sqlType + ")");
    }
    return name;
  }

  private static long oidOf(String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT atttypid FROM pg_attribute WHERE attrelid = '"
                    + table
                    + "'::regclass AND attname = 'v'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void load(
      String table, Function<CopyEncoder.Output, CopyEncoder> encoderFor, List<Object> values)
      throws SQLException {
    CopyIn[] copy = new CopyIn[1];
    CopyEncoder encoder = encoderFor.apply((b, o, l) -> copy[0].writeToCopy(b, o, l));
    copy[0] =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + table + " (id, v) FROM STDIN" + encoder.copyOptions());
    encoder.begin();
    for (int i = 0; i < values.size(); i++) {
      encoder.writeRow(new Object[] {(long) i, values.get(i)});
    }
    encoder.end();
    copy[0].endCopy();
  }

  private static List<String> rendered(String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT id, v::text FROM " + table + " ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getInt(1) + ":" + result.getString(2));
      }
    }
    return rows;
  }

  private static <T> List<Object> random(int count, Function<Random, T> next) {
    Object[] values = new Object[count];
    Arrays.setAll(values, i -> next.apply(RANDOM));
    return Arrays.asList(values);
  }

  private static BigDecimal randomDecimal(Random random) {
    BigInteger unscaled = new BigInteger(random.nextInt(1, 130), random);
    if (random.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    return new BigDecimal(unscaled, random.nextInt(-5, 30));
  }

  private static LocalDateTime randomTimestamp(Random random) {
    long seconds = random.nextLong(-200_000_000_000L, 200_000_000_000L);
    return LocalDateTime.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1_000, ZoneOffset.UTC);
  }
}
