package io.airlock.cli.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.output.Formats;
import io.airlock.cli.output.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A job as a person reads it: its state, how long it took, a per-stream table (stream, records,
 * bytes, time) and, when it failed, the error of its last attempt.
 */
public record JobReport(JsonNode job) {
  public JobReport {
    requireNonNull(job, "job is null");
  }

  public String status() {
    return job.path("status").asString("UNKNOWN");
  }

  public boolean succeeded() {
    return "SUCCEEDED".equals(status());
  }

  /** Records written so far, over all streams. */
  public long totalRecords() {
    long total = 0;
    for (JsonNode stream : job.path("streams")) {
      total += stream.path("records").asLong(0);
    }
    return total;
  }

  /** Wall time from start to end (or to now, while running), if the job has started. */
  public Optional<Duration> elapsed() {
    String started = job.path("startedAt").asString(null);
    if (started == null) {
      return Optional.empty();
    }
    String ended = job.path("endedAt").asString(null);
    Instant end = ended == null ? Instant.now() : Instant.parse(ended);
    return Optional.of(Duration.between(Instant.parse(started), end));
  }

  /** The last attempt's error as {@code KIND: message}, if there is one. */
  public Optional<String> error() {
    JsonNode attempts = job.path("attempts");
    for (int i = attempts.size() - 1; i >= 0; i--) {
      JsonNode error = attempts.get(i).path("error");
      if (error.isObject()) {
        String kind = error.path("kind").asString("ERROR");
        return Optional.of(kind + ": " + error.path("message").asString(""));
      }
    }
    return Optional.empty();
  }

  /** Prints the summary line, the stream table and any error. */
  public void print(PrintWriter out) {
    out.printf(
        "Job %s: %s%s (%d attempt%s)%n",
        job.path("id").asString("?"),
        status(),
        elapsed().map(d -> " in " + Formats.duration(d)).orElse(""),
        job.path("attempts").size(),
        job.path("attempts").size() == 1 ? "" : "s");
    streamTable().print(out);
    error().ifPresent(error -> out.println("Error: " + error));
    out.flush();
  }

  /** The per-stream table, with a total row when there is more than one stream. */
  public Table streamTable() {
    Table table = new Table("STREAM", "RECORDS", "BYTES", "TIME");
    long records = 0;
    long bytes = 0;
    for (JsonNode stream : job.path("streams")) {
      long streamRecords = stream.path("records").asLong(0);
      long streamBytes = stream.path("bytes").asLong(0);
      table.row(
          stream.path("stream").asString("?"),
          Formats.count(streamRecords),
          Formats.bytes(streamBytes),
          Formats.duration(Duration.ofMillis(stream.path("elapsedMillis").asLong(0))));
      records += streamRecords;
      bytes += streamBytes;
    }
    if (job.path("streams").size() > 1) {
      table.row("TOTAL", Formats.count(records), Formats.bytes(bytes), "");
    }
    return table;
  }
}
