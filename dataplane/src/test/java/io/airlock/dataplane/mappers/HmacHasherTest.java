package io.airlock.dataplane.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SpecialValue;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.dataplane.testing.ReferenceHmac;
import io.airlock.protocol.job.MapperConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacHasherTest {
  private static final String KEY = "k3y-for-tests";
  private final HmacHasher hasher = new HmacHasher(KEY.getBytes(StandardCharsets.UTF_8));

  @Test
  void textHashesMatchAnIndependentHmac() {
    for (String text :
        List.of("", "123-45-6789", "café", "日本語", "emoji 😀 pair", "x".repeat(5_000))) {
      assertThat(hasher.hash(text)).isEqualTo(ReferenceHmac.hex(KEY, text));
    }
  }

  @Test
  void everyKeyAndMessageLengthAroundTheBlockSizeMatchesAnIndependentHmac() {
    for (int keyLength : new int[] {1, 31, 32, 63, 64, 65, 127, 200}) {
      byte[] key = bytes(keyLength, 11);
      HmacHasher keyed = new HmacHasher(key.clone());
      HmacHasher.Session session = keyed.session();
      for (int messageLength : new int[] {0, 1, 31, 32, 55, 56, 63, 64, 65, 119, 120, 1_000}) {
        byte[] message = bytes(messageLength, 7);
        String expected = ReferenceHmac.hex(key, message);

        assertThat(keyed.hash(message))
            .as("key %d, message %d", keyLength, messageLength)
            .isEqualTo(expected);
        assertThat(session.hash(message)).isEqualTo(expected);
        String text = "a".repeat(messageLength);
        assertThat(session.hash(text))
            .isEqualTo(ReferenceHmac.hex(key, text.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  @Test
  void theCallersKeyArrayMayBeZeroedAfterwards() {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    HmacHasher keyed = new HmacHasher(key);
    Arrays.fill(key, (byte) 0);

    assertThat(keyed.hash("123-45-6789")).isEqualTo(ReferenceHmac.hex(KEY, "123-45-6789"));
  }

  @Test
  void anEmptyKeyIsRejected() {
    assertThatThrownBy(() -> new HmacHasher(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key is empty");
  }

  @Test
  void anUnpairedSurrogateHashesAsAQuestionMarkAsStringGetBytesEncodesIt() {
    assertThat(hasher.hash("a\ud800b")).isEqualTo(ReferenceHmac.hex(KEY, "a?b"));
    assertThat(hasher.hash("\udc00")).isEqualTo(ReferenceHmac.hex(KEY, "?"));
  }

  @Test
  void hashesAreLowerCaseHexOf32Bytes() {
    assertThat(hasher.hash("a")).matches("[0-9a-f]{64}");
  }

  @Test
  void nullStaysNull() {
    assertThat(hasher.hash(null)).isNull();
  }

  @Test
  void otherTypesHashTheirCanonicalText() {
    assertThat(hasher.hash(42L)).isEqualTo(ReferenceHmac.hex(KEY, "42"));
    assertThat(hasher.hash(-9_000_000_000L)).isEqualTo(ReferenceHmac.hex(KEY, "-9000000000"));
    assertThat(hasher.hash(Long.MIN_VALUE))
        .isEqualTo(ReferenceHmac.hex(KEY, "-9223372036854775808"));
    assertThat(hasher.hash(new BigDecimal("1.50"))).isEqualTo(ReferenceHmac.hex(KEY, "1.50"));
    assertThat(hasher.hash(new BigDecimal("1E+3"))).isEqualTo(ReferenceHmac.hex(KEY, "1000"));
    assertThat(hasher.hash(true)).isEqualTo(ReferenceHmac.hex(KEY, "true"));
    assertThat(hasher.hash(LocalDate.of(2024, 2, 29)))
        .isEqualTo(ReferenceHmac.hex(KEY, "2024-02-29"));
    assertThat(hasher.hash(LocalTime.of(13, 5))).isEqualTo(ReferenceHmac.hex(KEY, "13:05:00"));
    assertThat(hasher.hash(LocalDateTime.of(2024, 2, 29, 13, 5, 0, 123_456_000)))
        .isEqualTo(ReferenceHmac.hex(KEY, "2024-02-29T13:05:00.123456"));
    assertThat(hasher.hash(OffsetDateTime.of(2024, 2, 29, 13, 5, 0, 0, ZoneOffset.UTC)))
        .isEqualTo(ReferenceHmac.hex(KEY, "2024-02-29T13:05:00Z"));
    UUID uuid = UUID.fromString("7f1e2c3d-0000-4000-8000-00000000abcd");
    assertThat(hasher.hash(uuid)).isEqualTo(ReferenceHmac.hex(KEY, uuid.toString()));
    assertThat(hasher.hash(new JsonValue("{\"a\": 1}")))
        .isEqualTo(ReferenceHmac.hex(KEY, "{\"a\": 1}"));
    assertThat(hasher.hash(SpecialValue.NAN)).isEqualTo(ReferenceHmac.hex(KEY, "NaN"));
  }

  @Test
  void bytesHashTheirRawBytes() {
    byte[] raw = {0, (byte) 0xff, 7};
    assertThat(hasher.hash(raw))
        .isEqualTo(ReferenceHmac.hex(KEY.getBytes(StandardCharsets.UTF_8), raw));
  }

  @Test
  void threadsHashIndependently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      ConcurrentHashMap<String, String> expected = new ConcurrentHashMap<>();
      for (int i = 0; i < 200; i++) {
        expected.put("value-" + i, ReferenceHmac.hex(KEY, "value-" + i));
      }
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () ->
                    expected.entrySet().stream()
                        .allMatch(e -> hasher.hash(e.getKey()).equals(e.getValue()))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void mappersHashNamedColumnsAsTextAndKeepNulls() {
    StreamDescriptor stream = stream("patients");
    Mappers mappers =
        Mappers.build(
            List.of(new MapperConfig("hash", null, List.of("ssn", "phone"), "env://KEY")),
            List.of(stream),
            reference -> Secret.of(KEY));
    StreamMapping mapping = mappers.forStream(stream);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, "123-45-6789", null});
    rows.add(new Object[] {2L, null, 5551234L});

    RecordBatch mapped = mapping.apply(new RecordBatch(stream.columns(), rows, 10));

    assertThat(mapping.output().columns())
        .extracting(Column::type)
        .containsExactly(DataType.INTEGER, DataType.TEXT, DataType.TEXT);
    assertThat(mapped.rows().get(0))
        .containsExactly(1L, ReferenceHmac.hex(KEY, "123-45-6789"), null);
    assertThat(mapped.rows().get(1)).containsExactly(2L, null, ReferenceHmac.hex(KEY, "5551234"));
  }

  @Test
  void aMapperNamingAMissingColumnNamesStreamAndColumn() {
    assertThatThrownBy(
            () ->
                Mappers.build(
                    List.of(new MapperConfig("hash", "patients", List.of("email"), "env://KEY")),
                    List.of(stream("patients")),
                    reference -> Secret.of(KEY)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("column 'email'")
        .hasMessageContaining("stream 'patients'")
        .satisfies(
            e ->
                assertThat(((ConnectorException) e).kind())
                    .isEqualTo(ConnectorException.Kind.USER));
  }

  @Test
  void aMapperWithoutKeyIsAUserError() {
    assertThatThrownBy(
            () ->
                Mappers.build(
                    List.of(new MapperConfig("hash", null, List.of("ssn"), null)),
                    List.of(stream("patients")),
                    reference -> Secret.of(KEY)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("keyRef");
  }

  private static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i * 17);
    }
    return bytes;
  }

  private static StreamDescriptor stream(String name) {
    return new StreamDescriptor(
        name,
        null,
        List.of(
            new Column("id", DataType.INTEGER, false, null),
            new Column("ssn", DataType.TEXT, true, null),
            new Column("phone", DataType.INTEGER, true, null)),
        List.of("id"));
  }
}
