package io.airlock.connectors.external;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Airbyte-protocol source for tests, run as a separate process. Its stream {@code items} has
 * {@code config.records} records with ids 1…n, each with a cursor equal to its id; an incremental
 * read resumes at the saved cursor, inclusive. It sends LOG messages that quote values, STATE
 * messages written with odd spacing and unknown fields, stray lines and unknown message types.
 *
 * <p>{@code config.behaviour}: {@code ok}; {@code trace} (a config error, then exit 3); {@code
 * exit} (exit 2 after writing values to stderr); {@code garbage} (a message cut short); {@code
 * hang} (one record, then sleeps). {@code config.stateEcho} names a file the received {@code
 * --state} is copied to, so a test can compare it byte for byte.
 */
public final class TestingProtocolSource {
  /** A value that must never reach a log or an error message. */
  public static final String SECRET_VALUE = "Zebra-Sentinel-4711";

  private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

  private TestingProtocolSource() {}

  public static void main(String[] args) throws Exception {
    String verb = args[0];
    JsonNode config =
        JsonMapper.builder().build().readTree(Files.readString(file(args, "--config", "{}")));
    switch (verb) {
      case "spec" -> print("{\"type\":\"SPEC\",\"spec\":{\"connectionSpecification\":{}}}");
      case "check" -> check(config);
      case "discover" -> discover();
      case "read" -> read(config, args);
      default -> System.exit(64);
    }
    OUT.flush();
  }

  private static Path file(String[] args, String flag, String fallback) throws Exception {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(flag)) {
        return Path.of(args[i + 1]);
      }
    }
    Path empty = Files.createTempFile("none", ".json");
    Files.writeString(empty, fallback);
    return empty;
  }

  private static void check(JsonNode config) {
    boolean ok = !config.path("behaviour").asString("ok").equals("badcheck");
    print(
        "{\"type\":\"CONNECTION_STATUS\",\"connectionStatus\":{\"status\":\""
            + (ok ? "SUCCEEDED" : "FAILED")
            + "\",\"message\":\"password \\\""
            + SECRET_VALUE
            + "\\\" was refused\"}}");
  }

  private static void discover() {
    print("this line is not a message");
    print(
        "{\"type\":\"CATALOG\",\"surprise\":1,\"catalog\":{\"streams\":[{\"name\":\"items\","
            + "\"json_schema\":{\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"integer\"},"
            + "\"cursor\":{\"type\":[\"null\",\"integer\"]},"
            + "\"amount\":{\"type\":\"number\"},"
            + "\"big\":{\"type\":\"number\",\"airbyte_type\":\"big_integer\"},"
            + "\"name\":{\"type\":[\"null\",\"string\"]},"
            + "\"seen_at\":{\"type\":\"string\",\"format\":\"date-time\","
            + "\"airbyte_type\":\"timestamp_with_timezone\"},"
            + "\"local_at\":{\"type\":\"string\",\"format\":\"date-time\","
            + "\"airbyte_type\":\"timestamp_without_timezone\"},"
            + "\"day\":{\"type\":\"string\",\"format\":\"date\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"meta\":{\"type\":\"object\"},"
            + "\"flag\":{\"type\":\"boolean\"},"
            + "\"counted\":{\"type\":\"number\",\"airbyte_type\":\"integer\"},"
            + "\"clock\":{\"type\":\"string\",\"format\":\"time\","
            + "\"airbyte_type\":\"time_without_timezone\"},"
            + "\"clock_tz\":{\"type\":\"string\",\"format\":\"time\","
            + "\"airbyte_type\":\"time_with_timezone\"},"
            + "\"ref\":{\"type\":\"string\",\"format\":\"uuid\"},"
            + "\"blob\":{\"type\":\"string\",\"contentEncoding\":\"base64\"},"
            + "\"either\":{\"type\":[\"string\",\"integer\"]},"
            + "\"untyped\":{}}},"
            + "\"supported_sync_modes\":[\"full_refresh\",\"incremental\"],"
            + "\"source_defined_cursor\":false,\"default_cursor_field\":[\"cursor\"],"
            + "\"source_defined_primary_key\":[[\"id\"]],\"x-unknown\":{\"a\":[1]}}]}}");
  }

  private static void read(JsonNode config, String[] args) throws Exception {
    String behaviour = config.path("behaviour").asString("ok");
    int records = config.path("records").asInt(5);
    long from = 1;
    String state = stateText(args);
    if (state != null) {
      if (config.has("stateEcho")) {
        Files.writeString(Path.of(config.path("stateEcho").asString()), state);
      }
      from =
          JsonMapper.builder()
              .build()
              .readTree(state)
              .get(0)
              .path("stream")
              .path("stream_state")
              .path("cursor")
              .asLong();
    }
    print(
        "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"Reading row with name '"
            + SECRET_VALUE
            + "' and amount 1234.56\"}}");
    print("{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1}}");
    print("{\"type\":\"CONTROL\",\"control\":{\"anything\":true}}");
    print("stray output " + SECRET_VALUE);
    for (long id = from; id <= records; id++) {
      print(record(id));
      if (behaviour.equals("hang")) {
        OUT.flush();
        Thread.sleep(600_000);
      }
      if (id % 2 == 0 || id == records) {
        print(
            "{\"type\":\"STATE\",\"state\":{ \"type\" : \"STREAM\","
                + " \"stream\":{\"stream_descriptor\":"
                + "{\"name\":\"items\"},\"stream_state\":{\"cursor\": "
                + id
                + ", \"precise\": 1.10}}, \"extra\" : [ ]}, \"unknown_top\": true}");
      }
    }
    finish(behaviour);
  }

  private static void finish(String behaviour) {
    switch (behaviour) {
      case "trace" -> {
        print(
            "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\",\"emitted_at\":1,\"error\":{"
                + "\"message\":\"API key '"
                + SECRET_VALUE
                + "' is invalid\",\"internal_message\":\""
                + SECRET_VALUE
                + "\",\"stack_trace\":\""
                + SECRET_VALUE
                + "\",\"failure_type\":\"config_error\"}}}");
        OUT.flush();
        System.exit(3);
      }
      case "exit" -> {
        OUT.flush();
        System.err.println("Exception in reader: row {\"name\": \"" + SECRET_VALUE + "\"}");
        System.err.println("failed at value=" + SECRET_VALUE + " after 42 rows");
        System.exit(2);
      }
      case "garbage" -> print("{\"type\":\"RECORD\",\"record\":{\"stream\":\"items\",\"da");
      default -> {}
    }
  }

  private static String record(long id) {
    return "{\"type\":\"RECORD\",\"record\":{\"stream\":\"items\",\"emitted_at\":1,\"extra\":0,"
        + "\"data\":{\"id\":"
        + id
        + ",\"cursor\":"
        + id
        + ",\"amount\":12345678901234567890.123456789"
        + id
        + ",\"big\":123456789012345678901234567890"
        + ",\"name\":\""
        + (id == 1 ? SECRET_VALUE : "item " + id)
        + "\""
        + ",\"seen_at\":\"2024-05-05T10:00:00.123456+02:00\""
        + ",\"local_at\":\"2024-05-05T10:00:00.654321\""
        + ",\"day\":\"2024-02-29\",\"tags\":[\"a\",\"b\"],\"meta\":{\"k\":[1,2.50]}"
        + ",\"flag\":true,\"not_in_schema\":7"
        + ",\"counted\":"
        + (id * 1000)
        + ",\"clock\":\"23:59:59.999999\",\"clock_tz\":\"10:00:00+02:00\""
        + ",\"ref\":\"123e4567-e89b-12d3-a456-42661417400"
        + id
        + "\",\"blob\":\"yv66vgD/\",\"either\":"
        + (id % 2 == 0 ? "\"two\"" : id)
        + ",\"untyped\":{\"n\":"
        + id
        + "}}}}";
  }

  private static String stateText(String[] args) throws Exception {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--state")) {
        return Files.readString(Path.of(args[i + 1]));
      }
    }
    return null;
  }

  private static void print(String line) {
    OUT.print(line);
    OUT.print('\n');
  }
}
