package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void secondsAreReadAsADelay() {
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void anHttpDateIsReadAsTheTimeUntilThen() {
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:45 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aPastDateMeansNoWait() {
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void garbageOrNothingMeansBackoff() {
    assertThat(RetryAfter.parse("soon", NOW)).isNull();
    assertThat(RetryAfter.parse(null, NOW)).isNull();
  }
}
