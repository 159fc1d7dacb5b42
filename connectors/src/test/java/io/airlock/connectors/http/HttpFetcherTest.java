package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {
  @Test
  void aRequestPrintsNeitherHeadersNorQueryNorForm() {
    HttpFetcher.Request request =
        HttpFetcher.Request.post(URI.create("https://api.example/token?x=1"), "secret=s3")
            .header("Authorization", "Bearer t0ken")
            .query("api_key", "k3y")
            .build();

    assertThat(request.toString())
        .isEqualTo("Request[POST /token]")
        .doesNotContain("t0ken", "k3y", "s3");
    assertThat(request.uri().getRawQuery()).isEqualTo("x=1&api_key=k3y");
  }

  @Test
  void sameOriginComparesSchemeHostAndEffectivePort() {
    URI base = URI.create("https://API.example/v1");

    assertThat(HttpFetcher.sameOrigin(URI.create("https://api.example:443/x"), base)).isTrue();
    assertThat(HttpFetcher.sameOrigin(URI.create("http://api.example/x"), base)).isFalse();
    assertThat(HttpFetcher.sameOrigin(URI.create("https://api.example:8443/x"), base)).isFalse();
    assertThat(HttpFetcher.sameOrigin(URI.create("https://evil.example/x"), base)).isFalse();
  }
}
