package io.airlock.cli.resources;

import io.airlock.cli.output.Table;
import io.airlock.protocol.schema.CatalogType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prints a source's stored catalog: per stream its key, cursor candidates and columns. */
final class CatalogPrinter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CatalogPrinter() {}

  static void print(JsonNode catalog, PrintWriter out) {
    JsonNode streams = catalog.path("streams");
    out.printf("%d streams%n", streams.size());
    for (JsonNode stream : streams) {
      out.println();
      out.printf(
          "Stream %s  (primary key: %s; cursor candidates: %s)%n",
          qualifiedName(stream),
          names(stream.path("primaryKey")),
          names(stream.path("cursorCandidates")));
      Table columns = new Table("COLUMN", "TYPE", "NULLABLE", "SOURCE TYPE");
      for (JsonNode column : stream.path("columns")) {
        columns.row(
            column.path("name").asString(),
            type(column.path("type")),
            column.path("nullable").asBoolean(true) ? "yes" : "no",
            column.path("sourceType").isString() ? column.path("sourceType").asString() : null);
      }
      columns.print(out);
    }
    out.flush();
  }

  private static String qualifiedName(JsonNode stream) {
    JsonNode namespace = stream.path("namespace");
    String name = stream.path("name").asString();
    return namespace.isString() ? namespace.asString() + "." + name : name;
  }

  private static String names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(name -> names.add(name.asString()));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static String type(JsonNode type) {
    return JSON.treeToValue(type, CatalogType.class).display();
  }
}
