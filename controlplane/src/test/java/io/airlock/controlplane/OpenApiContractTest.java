package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document in protocol and the routes the control plane serves are the same. */
class OpenApiContractTest {
  private static final String DOCUMENT = "/io/airlock/protocol/openapi.yaml";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @TempDir static Path dataDir;
  static TestingControlPlane controlPlane;
  static Map<String, Object> document;

  @BeforeAll
  static void start() throws IOException {
    controlPlane = TestingControlPlane.start(dataDir, Duration.ofSeconds(60));
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream(DOCUMENT)) {
      assertThat(in).as("OpenAPI document %s on the classpath", DOCUMENT).isNotNull();
      document = new Yaml().load(in);
    }
  }

  @AfterAll
  static void stop() {
    controlPlane.close();
  }

  @Test
  void documentIsOpenApi31() {
    assertThat(document.get("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void everyServedRouteIsDocumented() {
    assertThat(documentedRoutes())
        .as("routes served but missing from %s", DOCUMENT)
        .containsAll(servedRoutes());
  }

  @Test
  void everyDocumentedRouteIsServed() {
    assertThat(servedRoutes())
        .as("routes documented in %s but not served", DOCUMENT)
        .containsAll(documentedRoutes());
  }

  @Test
  void everyReferenceResolves() {
    String text = new Yaml().dump(document);
    Matcher references = Pattern.compile("#/components/(\\w+)/(\\w+)").matcher(text);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> components =
        (Map<String, Map<String, Object>>) document.get("components");
    List<String> missing = new ArrayList<>();
    while (references.find()) {
      Map<String, Object> section = components.get(references.group(1));
      if (section == null || !section.containsKey(references.group(2))) {
        missing.add(references.group());
      }
    }
    assertThat(missing).as("dangling $ref").isEmpty();
  }

  private static Set<String> servedRoutes() {
    RequestMappingHandlerMapping mapping =
        controlPlane.controlPlane.bean(
            "requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> routes = new TreeSet<>();
    mapping
        .getHandlerMethods()
        .keySet()
        .forEach(
            info -> {
              for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/")) {
                  continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                  routes.add(method.name() + " " + normalize(path));
                }
              }
            });
    assertThat(routes).as("served API routes").isNotEmpty();
    return routes;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>();
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document.get("paths");
    paths.forEach(
        (path, item) ->
            item.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> routes.add(method.toUpperCase() + " " + normalize(path))));
    return routes;
  }

  /** Path variables compare by position, not by name. */
  private static String normalize(String path) {
    return path.replaceAll("\\{[^}]+}", "{}");
  }
}
