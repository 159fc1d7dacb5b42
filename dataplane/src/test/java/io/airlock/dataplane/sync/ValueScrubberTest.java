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
  void keepsMessagesWithoutValuesAndBoundsTheLength() {
    assertThat(ValueScrubber.scrub("Row 12 of file a.csv has 3 fields; the header has 4"))
        .isEqualTo("Row 12 of file a.csv has 3 fields; the header has 4");
    assertThat(ValueScrubber.scrub("x".repeat(5_000))).hasSizeLessThan(2_100);
    assertThat(ValueScrubber.scrub(null)).isEmpty();
  }
}
