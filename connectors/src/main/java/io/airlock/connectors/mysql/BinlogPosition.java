package io.airlock.connectors.mysql;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A position in the binary log between two transactions: a point a change-capture read can resume
 * from. It is also the state of a change-capture stream, saved through checkpoints once the
 * destination has committed every change before it: {@code {"method":"cdc","file":...,"pos":...}}.
 *
 * @param file the log file's name, such as {@code binlog.000042}
 * @param offset the byte offset in that file
 */
record BinlogPosition(String file, long offset) implements Comparable<BinlogPosition> {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String METHOD = "cdc";

  BinlogPosition {
    requireNonNull(file, "file is null");
    sequence(file);
  }

  /** The state in {@code json}; empty for no state or a state of a standard (cursor) read. */
  static Optional<BinlogPosition> parse(String json, String stream) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (!METHOD.equals(node.path("method").asString(null))) {
        return Optional.empty();
      }
      JsonNode pos = node.required("pos");
      if (!pos.isIntegralNumber()) {
        throw new IllegalArgumentException("pos is not a number");
      }
      return Optional.of(new BinlogPosition(node.required("file").asString(), pos.asLong()));
    } catch (JacksonException | IllegalArgumentException | ConnectorException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved change-capture state of stream "
              + stream
              + " is not a binary log position; reset the stream's state");
    }
  }

  String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("method", METHOD);
    node.put("file", file);
    node.put("pos", offset);
    return node.toString();
  }

  /**
   * One number that orders positions of one server's log: the file's sequence number times 2^32
   * plus the offset (the server starts a new file long before an offset reaches 2^32).
   */
  long ordinal() {
    return ordinal(file, offset);
  }

  static long ordinal(String file, long offset) {
    return (sequence(file) << 32) | (offset & 0xFFFFFFFFL);
  }

  @Override
  public int compareTo(BinlogPosition other) {
    return Long.compare(ordinal(), other.ordinal());
  }

  /** The sequence number a log file's name ends with. */
  private static long sequence(String file) {
    int dot = file.lastIndexOf('.');
    try {
      return Long.parseLong(file.substring(dot + 1));
    } catch (NumberFormatException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "The binary log file "
              + file
              + " does not end with a sequence number; Airlock reads logs named <base>.<number>");
    }
  }
}
