package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
  @Test
  void findsNextAmongSeveralLinks() {
    assertThat(
            LinkHeader.next(
                List.of(
                    "<https://api.example/items?page=1>; rel=\"prev\","
                        + " <https://api.example/items?page=3>; rel=\"next\"")))
        .isEqualTo("https://api.example/items?page=3");
  }

  @Test
  void readsUnquotedAndMultiValuedRel() {
    assertThat(LinkHeader.next(List.of("</p/2>; title=\"x\"; rel=\"last next\"")))
        .isEqualTo("/p/2");
    assertThat(LinkHeader.next(List.of("</p/2>; rel=NEXT"))).isEqualTo("/p/2");
  }

  @Test
  void noNextMeansTheLastPage() {
    assertThat(LinkHeader.next(List.of("</p/1>; rel=\"first\""))).isNull();
    assertThat(LinkHeader.next(List.of())).isNull();
  }
}
