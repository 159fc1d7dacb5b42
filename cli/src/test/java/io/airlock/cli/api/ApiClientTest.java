package io.airlock.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiClientTest {
  @TempDir static Path folder;

  private static TestingHttpsServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestingHttpsServer.start(folder);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static ApiClient client() {
    return new ApiClient(server.baseUrl(), TrustedCa.sslContext(server.caFile()), "tok-123");
  }

  @Test
  void successfulResponseIsParsedAndBearerTokenIsSent() {
    server.respond(
        "GET",
        "/api/v1/regions",
        new TestingHttpsServer.Response(200, "application/json", "[{\"name\":\"eu-1\"}]"));

    var regions = client().get("/regions");

    assertThat(regions.get(0).path("name").asString()).isEqualTo("eu-1");
    assertThat(server.requests())
        .anySatisfy(
            request -> {
              assertThat(request.path()).isEqualTo("/api/v1/regions");
              assertThat(request.authorization()).isEqualTo("Bearer tok-123");
            });
  }

  @Test
  void problemDetailAndFieldErrorsAreRendered() {
    server.respond(
        "POST",
        "/api/v1/sources",
        new TestingHttpsServer.Response(
            422,
            "application/problem+json",
            """
            {"type":"about:blank","title":"Unprocessable Entity","status":422,
             "detail":"Secret fields must hold secret references",
             "errors":[{"field":"config.password","message":"must be a secret reference"}]}
            """));

    assertThatThrownBy(() -> client().post("/sources", Map.of("name", "x")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.exitCode()).isEqualTo(ExitCodes.API_ERROR);
              assertThat(e.errors())
                  .containsExactly(
                      new ApiException.FieldError("config.password", "must be a secret reference"));
              assertThat(e.getMessage())
                  .contains("POST /api/v1/sources failed: 422 Unprocessable Entity")
                  .contains("Secret fields must hold secret references")
                  .contains("- config.password: must be a secret reference");
            });
  }

  @Test
  void unauthorizedSaysWhereTheTokenComesFrom() {
    server.respond(
        "GET",
        "/api/v1/workspaces",
        new TestingHttpsServer.Response(
            401,
            "application/problem+json",
            "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Missing or invalid token\"}"));

    assertThatThrownBy(() -> client().get("/workspaces"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("401 Unauthorized")
        .hasMessageContaining("--token-file");
  }

  @Test
  void errorWithoutProblemBodyStillShowsTheStatus() {
    server.respond(
        "GET", "/api/v1/jobs", new TestingHttpsServer.Response(503, "text/plain", "busy"));

    assertThatThrownBy(() -> client().get("/jobs"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("GET /api/v1/jobs failed: 503");
  }

  @Test
  void serverWithAnotherCaIsRefused(@TempDir Path other) throws Exception {
    try (TestingHttpsServer stranger = TestingHttpsServer.start(other)) {
      ApiClient client =
          new ApiClient(stranger.baseUrl(), TrustedCa.sslContext(server.caFile()), "tok");

      assertThatThrownBy(() -> client.get("/regions"))
          .isInstanceOfSatisfying(
              CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
          .hasMessageContaining("TLS with the control plane")
          .hasMessageContaining("--ca-file");
    }
  }

  @Test
  void closedPortSaysTheControlPlaneIsNotReachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ApiClient client =
        new ApiClient(
            URI.create("https://127.0.0.1:" + port), TrustedCa.sslContext(server.caFile()), "tok");

    assertThatThrownBy(() -> client.get("/regions"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
        .hasMessageContaining("Cannot reach the control plane");
  }

  @Test
  void missingCaFileNamesTheOption() {
    assertThatThrownBy(() -> TrustedCa.sslContext(folder.resolve("absent.pem")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("absent.pem")
        .hasMessageContaining("--ca-file");
  }
}
