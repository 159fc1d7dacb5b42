package io.airlock.connectors.http;

import io.airlock.connectors.testing.TestingHttpApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Seven customer records as a JSON API serves them, and pages of them. */
final class TestingCustomers {
  static final int COUNT = 7;

  private TestingCustomers() {}

  /** Customer {@code id} (1 to 7) as a JSON object. */
  static String json(int id) {
    return "{\"id\": "
        + id
        + ", \"name\": \"customer "
        + id
        + "\", \"balance\": "
        + id
        + ".05, \"active\": "
        + (id % 2 == 0)
        + ", \"updated_at\": \"2024-05-0"
        + id
        + "T10:00:00.12345"
        + id
        + "Z\", \"tags\": [\"t"
        + id
        + "\"]}";
  }

  /** Customers {@code from} to {@code to} (inclusive, clipped to 1..7) as a JSON array. */
  static String array(int from, int to) {
    List<String> records = new ArrayList<>();
    for (int id = Math.max(from, 1); id <= Math.min(to, COUNT); id++) {
      records.add(json(id));
    }
    return records.stream().collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code {"data": [...]}} holding customers {@code from} to {@code to}. */
  static Reply page(int from, int to) {
    return Reply.json("{\"data\": " + array(from, to) + "}");
  }

  /** The YAML of stream customers with declared columns and {@code extra} YAML lines. */
  static String yaml(String extra) {
    return """
        streams:
          - name: customers
            path: /v1/customers
            records: /data
            primary_key: [id]
            columns:
              id: integer
              name: text
              balance: decimal
              active: boolean
              updated_at: timestamptz
              tags: json
        """
        + extra.indent(4);
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    java.util.HashMap<String, Object> copy = new java.util.HashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
