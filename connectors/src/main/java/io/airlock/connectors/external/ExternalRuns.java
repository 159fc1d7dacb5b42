package io.airlock.connectors.external;

import io.airlock.connectors.spi.ConnectorException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The short runs both kinds of external connector make: {@code spec}, {@code check}, {@code
 * discover}.
 */
final class ExternalRuns {
  private ExternalRuns() {}

  /** The connector's own spec: the {@code spec} object of its SPEC message. */
  static JsonNode spec(ExternalCommand command) {
    return single(command, "spec", "SPEC", false).path("spec");
  }

  /** Runs {@code check} and throws unless the connector reports SUCCEEDED. */
  static void check(ExternalCommand command) {
    JsonNode status = single(command, "check", "CONNECTION_STATUS", true).path("connectionStatus");
    if (!"SUCCEEDED".equalsIgnoreCase(status.path("status").asString(""))) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + command.type()
              + " check failed: "
              + ExternalText.scrub(status.path("message").asString("(no message)"))
              + "; fix its config");
    }
  }

  /** The {@code catalog} object of the CATALOG message of {@code discover}. */
  static JsonNode discover(ExternalCommand command) {
    return single(command, "discover", "CATALOG", true).path("catalog");
  }

  /**
   * Runs {@code verb} to its end, within the command's timeout, and returns the first message of
   * {@code type}.
   */
  static JsonNode single(ExternalCommand command, String verb, String type, boolean withConfig) {
    try (ConnectorProcess process = ConnectorProcess.prepare(command, verb)) {
      List<String> arguments = new ArrayList<>();
      if (withConfig) {
        arguments.addAll(List.of("--config", config(command, process).toString()));
      }
      process.start(arguments);
      ProtocolReader reader = new ProtocolReader(command, process, verb);
      long deadline = System.nanoTime() + command.timeout().toNanos();
      JsonNode found = null;
      ProtocolReader.Message message;
      while ((message = reader.next(remaining(deadline))) != null) {
        if (found == null && message.type().equals(type)) {
          found = message.node();
        }
      }
      reader.finish(remaining(deadline));
      if (found == null) {
        throw new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "Connector "
                + command.type()
                + " "
                + verb
                + " ended without a "
                + type
                + " message; check that it speaks the Airbyte protocol");
      }
      return found;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Connector " + command.type() + " " + verb + " was interrupted and stopped");
    }
  }

  /** Writes the {@code --config} file (with secrets, readable by this user only). */
  static Path config(ExternalCommand command, ConnectorProcess process) {
    return process.file("config.json", command.configWithSecrets().toString());
  }

  static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
