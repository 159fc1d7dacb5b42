package io.airlock.cli.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.output.Formats;
import io.airlock.cli.output.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A job as a person reads it: its state, how long it took, a per-stream table (stream, records,
 * bytes, time), notes on attempts that failed and were retried and, when the job failed, its error.
 */
public record JobReport(JsonNode job) {
  private static final Set<String> ENDED_UNSUCCESSFULLY = Set.of("FAILED", "CANCELLED");

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

  /**
   * Why the job failed, as {@code KIND: message}: the error of its last attempt. Empty unless the
   * job ended FAILED or CANCELLED; errors of attempts that were retried are not the job's error
   * (see {@link #retriedAttempts()}).
   */
  public Optional<String> error() {
    JsonNode attempts = job.path("attempts");
    if (!ENDED_UNSUCCESSFULLY.contains(status()) || attempts.isEmpty()) {
      return Optional.empty();
    }
    return describe(attempts.get(attempts.size() - 1).path("error"));
  }

  /**
   * One line for each attempt that failed and was followed by another attempt, for example {@code
   * attempt 1 failed and was retried: INTERNAL: lease expired}.
   */
  public List<String> retriedAttempts() {
    List<String> notes = new ArrayList<>();
    JsonNode attempts = job.path("attempts");
    for (int i = 0; i < attempts.size() - 1; i++) {
      JsonNode attempt = attempts.get(i);
      String number = attempt.path("number").asString(Integer.toString(i + 1));
      String why = describe(attempt.path("error")).orElse(attempt.path("status").asString("?"));
      notes.add("attempt " + number + " failed and was retried: " + why);
    }
    return notes;
  }

  private static Optional<String> describe(JsonNode error) {
    if (!error.isObject()) {
      return Optional.empty();
    }
    String kind = error.path("kind").asString("ERROR");
    return Optional.of(kind + ": " + error.path("message").asString(""));
  }

  /** Prints the summary line, the stream table, notes on retried attempts and any error. */
  public void print(PrintWriter out) {
    out.printf(
        "Job %s: %s%s (%d attempt%s)%n",
        job.path("id").asString("?"),
        status(),
        elapsed().map(d -> " in " + Formats.duration(d)).orElse(""),
        job.path("attempts").size(),
        job.path("attempts").size() == 1 ? "" : "s");
    streamTable().print(out);
    retriedAttempts().forEach(note -> out.println("Note: " + note));
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
