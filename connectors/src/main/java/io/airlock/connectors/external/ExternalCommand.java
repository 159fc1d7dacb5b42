package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings of an external connector: which executable to run, with which arguments, environment
 * and configuration. Secrets are resolved only when a process starts, and only into that process's
 * environment and its {@code --config} file.
 */
final class ExternalCommand {
  /** How much of a connector's free text (LOG messages, stderr) reaches the data plane's log. */
  enum LogMessages {
    /** Level and a scrubbed, truncated form (see {@link ExternalText#scrub}). */
    SCRUBBED,
    /** Level and size only. */
    NONE
  }

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  private final ConnectorSettings settings;
  private final Path executable;
  private final List<String> args;
  private final List<String> writeArgs;
  private final LogMessages logMessages;
  private final Duration timeout;

  ExternalCommand(ConnectorSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.executable = executable(settings);
    this.args = settings.strings("args", List.of());
    this.writeArgs = settings.strings("writeArgs", List.of());
    this.logMessages = logMessages(settings);
    this.timeout = Duration.ofSeconds(Math.max(1, settings.integer("timeoutSeconds", 300)));
  }

  String type() {
    return settings.type();
  }

  Path executable() {
    return executable;
  }

  /** The arguments given before the protocol command. */
  List<String> args() {
    return args;
  }

  /** The arguments appended to {@code write}. */
  List<String> writeArgs() {
    return writeArgs;
  }

  LogMessages logMessages() {
    return logMessages;
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * The connector's configuration with its secrets in place: what the {@code --config} file holds.
   * The caller must not log it.
   */
  ObjectNode configWithSecrets() {
    ObjectNode config = Json.MAPPER.valueToTree(settings.object("config"));
    for (String pointer : settings.object("secretConfig").keySet()) {
      try (Secret secret = settings.secret("secretConfig", pointer)) {
        place(config, pointer, secret.reveal());
      }
    }
    return config;
  }

  /** The environment variables the settings name, resolved. The caller must not log them. */
  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : settings.object("env").keySet()) {
      requireVariableName(name);
      try (Secret secret = settings.secret("env", name)) {
        environment.put(name, secret.reveal());
      }
    }
    return environment;
  }

  private void place(ObjectNode config, String pointer, String value) {
    if (!pointer.startsWith("/") || pointer.length() < 2) {
      throw userError("secretConfig key '" + pointer + "' must be a JSON pointer such as /api_key");
    }
    List<String> parts =
        List.of(pointer.substring(1).split("/", -1)).stream()
            .map(p -> p.replace("~1", "/").replace("~0", "~"))
            .toList();
    ObjectNode parent = config;
    for (String part : parts.subList(0, parts.size() - 1)) {
      JsonNode child = parent.get(part);
      if (child == null) {
        child = parent.putObject(part);
      }
      if (!(child instanceof ObjectNode object)) {
        throw userError(
            "secretConfig key '" + pointer + "' goes through '" + part + "', which is no object");
      }
      parent = object;
    }
    parent.put(parts.get(parts.size() - 1), value);
  }

  private static Path executable(ConnectorSettings settings) {
    String command = settings.requiredString("command");
    Path path = Path.of(command);
    if (!path.isAbsolute()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting 'command' must be an absolute path (no shell runs it); got "
              + command);
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " command "
              + command
              + " is not an executable file on this data plane; install it or fix the path");
    }
    return path;
  }

  private static LogMessages logMessages(ConnectorSettings settings) {
    String value = settings.string("logMessages", LogMessages.SCRUBBED.name());
    try {
      return LogMessages.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + settings.type() + " setting 'logMessages' must be SCRUBBED or NONE");
    }
  }

  private void requireVariableName(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw userError("env name '" + name + "' is not a valid environment variable name");
    }
  }

  private ConnectorException userError(String what) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + settings.type() + " setting " + what);
  }
}
