package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads the messages of one connector run from its stdout. LOG messages go to the data plane's log
 * (level and scrubbed text, see {@link ExternalText}); the first TRACE error is kept as the run's
 * failure; every other message is returned to the caller, unknown types and fields included.
 *
 * <p>A line that does not start with {@code {} is stray output (a connector's own print), skipped
 * and counted, never logged: it may hold values. A line that starts with {@code {} but is not valid
 * JSON fails the run, since it may be a record cut short.
 */
final class ProtocolReader {
  private static final Logger log = LoggerFactory.getLogger(ProtocolReader.class);

  private final ExternalCommand command;
  private final ConnectorProcess process;
  private final String verb;
  private ConnectorException traceError;
  private long strayLines;

  ProtocolReader(ExternalCommand command, ConnectorProcess process, String verb) {
    this.command = requireNonNull(command, "command is null");
    this.process = requireNonNull(process, "process is null");
    this.verb = requireNonNull(verb, "verb is null");
  }

  /** A message read from a line, with the line's text for verbatim parts such as state. */
  record Message(String type, JsonNode node, String line) {}

  /** The next message that is not LOG or TRACE, or null at the end of stdout. */
  Message next(Duration deadline) throws InterruptedException {
    while (true) {
      String line = process.nextLine(deadline);
      if (line == null) {
        return null;
      }
      Message message = parse(line);
      if (message == null) {
        continue;
      }
      switch (message.type()) {
        case "LOG" -> log(message.node().path("log"));
        case "TRACE" -> trace(message.node().path("trace"));
        default -> {
          return message;
        }
      }
    }
  }

  private Message parse(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.charAt(0) != '{') {
      strayLines++;
      return null;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(trimmed);
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Connector "
              + command.type()
              + " "
              + verb
              + " wrote line "
              + process.lineNumber()
              + " of its output that starts as a message but is not valid JSON; a message may"
              + " have been cut short, so the run is stopped rather than lose it");
    }
    return new Message(node.path("type").asString("").toUpperCase(Locale.ROOT), node, trimmed);
  }

  private void log(JsonNode entry) {
    String level = entry.path("level").asString("INFO").toUpperCase(Locale.ROOT);
    String text = ExternalText.forLog(entry.path("message").asString(""), command.logMessages());
    switch (level) {
      case "FATAL", "ERROR" -> log.error("{} {} [{}]: {}", command.type(), verb, level, text);
      case "WARN" -> log.warn("{} {} [{}]: {}", command.type(), verb, level, text);
      case "INFO" -> log.info("{} {} [{}]: {}", command.type(), verb, level, text);
      default -> log.debug("{} {} [{}]: {}", command.type(), verb, level, text);
    }
  }

  private void trace(JsonNode trace) {
    if (!"ERROR".equalsIgnoreCase(trace.path("type").asString(""))) {
      log.debug("{} {} sent a {} trace", command.type(), verb, trace.path("type").asString("?"));
      return;
    }
    JsonNode error = trace.path("error");
    String failureType = error.path("failure_type").asString("system_error");
    String text = ExternalText.scrub(error.path("message").asString(""));
    log.warn("{} {} reported a {} error: {}", command.type(), verb, failureType, text);
    if (traceError == null) {
      ConnectorException.Kind kind =
          "config_error".equalsIgnoreCase(failureType)
              ? ConnectorException.Kind.USER
              : ConnectorException.Kind.EXTERNAL;
      traceError =
          new ConnectorException(
              kind,
              "Connector "
                  + command.type()
                  + " "
                  + verb
                  + " reported a "
                  + failureType
                  + ": "
                  + (text.isEmpty() ? "(no message)" : text));
    }
  }

  /**
   * Ends the run: waits for the child to exit, then throws the first TRACE error, or the exit
   * failure with the tail of stderr. Logs how many stray lines were skipped.
   */
  void finish(Duration timeout) throws InterruptedException {
    if (strayLines > 0) {
      log.warn(
          "{} {} wrote {} lines to stdout that are not protocol messages; they were skipped",
          command.type(),
          verb,
          strayLines);
    }
    Integer exit = process.waitFor(timeout);
    if (exit == null) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Connector "
              + command.type()
              + " "
              + verb
              + " closed its output but did not exit within "
              + timeout.toSeconds()
              + " s; it was stopped");
    }
    if (traceError != null) {
      throw traceError;
    }
    if (exit != 0) {
      throw process.exitFailure(exit);
    }
  }

  /** The first TRACE error so far, or null. */
  ConnectorException traceError() {
    return traceError;
  }

  /**
   * The exact text of the value of top-level field {@code field} of a message line, so state goes
   * back to the connector byte for byte as it was sent.
   */
  static String rawField(String line, String field) {
    try (JsonParser parser = Json.MAPPER.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals(field)) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          int end = (int) parser.currentLocation().getCharOffset();
          return line.substring(start, end);
        }
        parser.skipChildren();
      }
      return null;
    }
  }
}
