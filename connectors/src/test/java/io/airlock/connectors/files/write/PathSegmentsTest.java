package io.airlock.connectors.files.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void plainNamesStayAndOthersAreEncodedDistinctly() {
    assertThat(PathSegments.encode("invoice_line")).isEqualTo("invoice_line");
    assertThat(PathSegments.encode("public.film-2")).isEqualTo("public.film-2");
    assertThat(PathSegments.encode("../etc")).isEqualTo("%2E.%2Fetc");
    assertThat(PathSegments.encode("_hidden")).isEqualTo("%5Fhidden");
    assertThat(PathSegments.encode("a b/é")).isEqualTo("a%20b%2F%C3%A9");
    assertThat(PathSegments.encode("a%20b")).isNotEqualTo(PathSegments.encode("a b"));
  }

  @Test
  void anEmptyNameIsRefused() {
    assertThatThrownBy(() -> PathSegments.encode("")).isInstanceOf(IllegalArgumentException.class);
  }
}
