package io.airlock.connectors.files;

import io.airlock.connectors.csv.TextDecoding;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines: one JSON object per line, blank lines skipped. The columns are the keys of the
 * objects on the first {@code sample_rows} lines (default {@value #SAMPLE_ROWS}), in the order they
 * first appear, each typed from its sampled values:
 *
 * <ul>
 *   <li>integers that fit 64 bits: INTEGER; integers and other numbers: DECIMAL (exact digits);
 *   <li>booleans: BOOLEAN; strings: TEXT (no dates are guessed from strings);
 *   <li>any object or array among the values: JSON (nested values stay JSON);
 *   <li>any other mix of scalars, or only nulls: TEXT, numbers and booleans as their JSON text.
 * </ul>
 *
 * <p>A line that is not a JSON object, a key first seen after the sample, or a value that does not
 * fit its column's type is an error naming the file, the line and the column.
 */
final class JsonLinesFormat implements FileFormat {
  static final int SAMPLE_ROWS = 1_000;
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private enum Seen {
    INTEGER,
    BIG_INTEGER,
    DECIMAL,
    BOOLEAN,
    STRING,
    CONTAINER
  }

  private final Charset charset;
  private final int sampleRows;

  JsonLinesFormat(Charset charset, int sampleRows) {
    if (sampleRows < 1) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector source-files setting 'sample_rows' must be at least 1");
    }
    this.charset = charset;
    this.sampleRows = sampleRows;
  }

  @Override
  public String name() {
    return "JSON Lines";
  }

  @Override
  public List<String> defaultGlobs() {
    return List.of("*.jsonl", "*.ndjson");
  }

  @Override
  public List<Column> describe(FileStore store, StoredFile file) {
    Map<String, Set<Seen>> keys = sample(store, file);
    List<Column> columns = new ArrayList<>();
    keys.forEach((key, seen) -> columns.add(new Column(key, type(seen), true, null)));
    return columns;
  }

  private Map<String, Set<Seen>> sample(FileStore store, StoredFile file) {
    Map<String, Set<Seen>> keys = new LinkedHashMap<>();
    int[] objects = {0};
    lines(
        store,
        file,
        (object, line) -> {
          for (Map.Entry<String, JsonNode> property : object.properties()) {
            Set<Seen> seen =
                keys.computeIfAbsent(property.getKey(), k -> EnumSet.noneOf(Seen.class));
            JsonNode value = property.getValue();
            if (!value.isNull()) {
              seen.add(seen(value));
            }
          }
          return ++objects[0] < sampleRows;
        });
    return keys;
  }

  private static Seen seen(JsonNode value) {
    if (value.isContainer()) {
      return Seen.CONTAINER;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? Seen.INTEGER : Seen.BIG_INTEGER;
    }
    if (value.isNumber()) {
      return Seen.DECIMAL;
    }
    if (value.isBoolean()) {
      return Seen.BOOLEAN;
    }
    return Seen.STRING;
  }

  private static DataType type(Set<Seen> seen) {
    if (seen.contains(Seen.CONTAINER)) {
      return DataType.JSON;
    }
    if (seen.equals(EnumSet.of(Seen.INTEGER))) {
      return DataType.INTEGER;
    }
    if (!seen.isEmpty()
        && EnumSet.of(Seen.INTEGER, Seen.BIG_INTEGER, Seen.DECIMAL).containsAll(seen)) {
      return DataType.DECIMAL;
    }
    if (seen.equals(EnumSet.of(Seen.BOOLEAN))) {
      return DataType.BOOLEAN;
    }
    return DataType.TEXT;
  }

  @Override
  public long read(FileStore store, StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    Set<String> known = new HashSet<>(sample(store, file).keySet());
    columns.forEach(c -> known.add(c.name()));
    RowBatcher batcher = new RowBatcher(columns, sink);
    try {
      lines(store, file, (object, line) -> add(batcher, row(file, line, object, columns, known)));
      return batcher.finish();
    } catch (InterruptedRead e) {
      throw (InterruptedException) e.getCause();
    }
  }

  private static boolean add(RowBatcher batcher, Object[] row) {
    try {
      batcher.add(row, row.length * 16L);
      return true;
    } catch (InterruptedException e) {
      throw new InterruptedRead(e);
    }
  }

  /** The values of {@code object} in the order of {@code columns}. */
  private Object[] row(
      StoredFile file, long line, JsonNode object, List<Column> columns, Set<String> known) {
    Object[] row = new Object[columns.size()];
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      int position = indexOf(columns, key);
      if (position >= 0) {
        row[position] = value(file, line, columns.get(position), property.getValue());
      } else if (!known.contains(key)) {
        throw error(
            file,
            line,
            "has key "
                + key
                + " that the first "
                + sampleRows
                + " lines did not have; raise 'sample_rows' and refresh the schema");
      }
    }
    return row;
  }

  private static int indexOf(List<Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Object value(StoredFile file, long line, Column column, JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    boolean fits =
        switch (column.type().kind()) {
          case INTEGER -> node.isIntegralNumber() && node.canConvertToLong();
          case DECIMAL -> node.isNumber();
          case BOOLEAN -> node.isBoolean();
          case TEXT -> !node.isContainer();
          default -> true;
        };
    if (!fits) {
      throw error(
          file,
          line,
          "column "
              + column.name()
              + ": the value is not of type "
              + column.type().kind()
              + " as discovered from the sampled lines; raise 'sample_rows' and refresh the"
              + " schema");
    }
    return switch (column.type().kind()) {
      case INTEGER -> node.longValue();
      case DECIMAL -> node.decimalValue();
      case BOOLEAN -> node.booleanValue();
      case TEXT -> node.isString() ? node.stringValue() : node.toString();
      default -> new JsonValue(node.toString());
    };
  }

  /** What to do with each object; returns whether to go on. */
  @FunctionalInterface
  private interface ObjectVisitor {
    boolean visit(JsonNode object, long line);
  }

  private void lines(FileStore store, StoredFile file, ObjectVisitor visitor) {
    long line = 0;
    try (TextDecoding text = TextDecoding.open(store.open(file), charset, false);
        BufferedReader reader = new BufferedReader(text, 1 << 16)) {
      for (String content = reader.readLine(); content != null; content = reader.readLine()) {
        line++;
        if (content.isBlank()) {
          continue;
        }
        if (!visitor.visit(parse(file, line, content), line)) {
          return;
        }
      }
    } catch (TextDecoding.InvalidTextException e) {
      throw error(
          file,
          e.line(),
          "holds bytes that are not "
              + e.charset().name()
              + "; set 'encoding' to the file's character set");
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot read JSON Lines file " + file.path() + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  private static JsonNode parse(StoredFile file, long line, String content) {
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (JacksonException e) {
      throw error(
          file,
          line,
          "is not valid JSON (column "
              + e.getLocation().getColumnNr()
              + "); write one JSON object per line");
    }
    if (node == null || !node.isObject()) {
      throw error(file, line, "is not a JSON object; write one JSON object per line");
    }
    return node;
  }

  private static ConnectorException error(StoredFile file, long line, String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "JSON Lines file " + file.path() + ", line " + line + " " + problem);
  }

  /** Carries an interruption of the sink out of the line visitor. */
  private static final class InterruptedRead extends RuntimeException {
    InterruptedRead(InterruptedException cause) {
      super(cause);
    }
  }
}
