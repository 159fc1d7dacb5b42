package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueScrubberTest {
  @Test
  void removesValuesWhereDriversQuoteThem() {
    assertThat(
            ValueScrubber.scrub(
                "duplicate key value violates unique constraint \"p_pkey\" Key (id, ssn)=(42,"
                    + " 123-45-6789) already exists."))
        .isEqualTo(
            "duplicate key value violates unique constraint \"p_pkey\" Key (id, ssn)=(…) already"
                + " exists.");
    assertThat(ValueScrubber.scrub("invalid input syntax for type integer: \"4x2\" at line 3"))
        .isEqualTo("invalid input syntax for type integer: \"…\" at line 3");
    assertThat(ValueScrubber.scrub("null value in column \"ssn\"\n  Detail: Failing row (1, x)"))
        .isEqualTo("null value in column \"ssn\"");
    assertThat(ValueScrubber.scrub("new row violates check Failing row contains (1, secret)."))
        .isEqualTo("new row violates check");
  }

  @Test
  void removesValuesFromOtherPostgresMessages() {
    assertThat(ValueScrubber.scrub("value \"99999999999\" is out of range for type integer"))
        .isEqualTo("value \"…\" is out of range for type integer");
    assertThat(ValueScrubber.scrub("date/time field value out of range: \"2024-13-45\""))
        .isEqualTo("date/time field value out of range: \"…\"");
    assertThat(ValueScrubber.scrub("malformed array literal: \"{secret,\"\"x\"\"\""))
        .isEqualTo("malformed array literal: \"…\"");
    assertThat(ValueScrubber.scrub("\"zz\" is not a valid hexadecimal digit"))
        .isEqualTo("\"…\" is not a valid hexadecimal digit");
    assertThat(ValueScrubber.scrub("invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x28"))
        .isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x…");
    assertThat(ValueScrubber.scrub("invalid value \"Smith\" for \"YYYY\""))
        .isEqualTo("invalid value \"…\" for \"YYYY\"");
  }

  @Test
  void keepsNamesThatAreNotValues() {
    String message =
        "PostgreSQL rejected row 4 of stream orders (primary key id) loading into dw.orders, column"
            + " code, constraint \"orders_pkey\" (SQLSTATE 23505: duplicate key)";

    assertThat(ValueScrubber.scrub(message)).isEqualTo(message);
  }

  @Test
  void keepsMessagesWithoutValuesAndBoundsTheLength() {
    assertThat(ValueScrubber.scrub("Row 12 of file a.csv has 3 fields; the header has 4"))
        .isEqualTo("Row 12 of file a.csv has 3 fields; the header has 4");
    assertThat(ValueScrubber.scrub("x".repeat(5_000))).hasSizeLessThan(2_100);
    assertThat(ValueScrubber.scrub(null)).isEmpty();
  }
}
