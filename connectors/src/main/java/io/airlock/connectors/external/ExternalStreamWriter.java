package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes one stream through a destination's {@code write} runs: each batch as RECORD lines on its
 * stdin, then a STATE message. The protocol says a record is committed once the destination echoes
 * a STATE that follows it, but many destinations echo only when their input ends, so a checkpoint
 * ends the run: it sends the STATE, closes stdin and returns once the destination has echoed it and
 * exited with code 0; the next batch starts a new run in the same (append or dedup) mode. An
 * overwrite keeps one run for the whole stream, since it has no state to resume from and a second
 * run would overwrite the first: its checkpoints return at once and {@link #finish()} commits.
 *
 * <p>Batches go to stdin through a queue of {@link #QUEUE_BATCHES} serialised batches and a thread
 * of their own, so a destination that stops reading blocks the engine only on that queue, where an
 * interrupt reaches it.
 */
final class ExternalStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(ExternalStreamWriter.class);
  static final int QUEUE_BATCHES = 4;
  private static final byte[] CLOSE = new byte[0];

  private final ExternalCommand command;
  private final StreamDescriptor stream;
  private final SyncMode mode;
  private final String cursorField;
  private Session session;
  private long checkpoints;
  private long runs;

  ExternalStreamWriter(
      ExternalCommand command, StreamDescriptor stream, SyncMode mode, String cursorField) {
    this.command = requireNonNull(command, "command is null");
    this.stream = requireNonNull(stream, "stream is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.cursorField = cursorField;
  }

  @Override
  public void write(RecordBatch batch) {
    requireNonNull(batch, "batch is null");
    requireColumns(batch.columns());
    session().send(records(batch));
  }

  @Override
  public void checkpoint() {
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE || session == null) {
      return;
    }
    endRun();
  }

  @Override
  public void finish() {
    if (session != null || runs == 0) {
      endRun();
    }
    log.info(
        "Wrote stream {} through {}: {} checkpoints acknowledged",
        stream.name(),
        command.type(),
        checkpoints);
  }

  /** Sends a STATE, ends the run and requires the destination to have echoed it. */
  private void endRun() {
    long number = ++checkpoints;
    Session current = session();
    current.send(state(number));
    current.end();
    session = null;
    if (current.acknowledged < number) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Connector "
              + command.type()
              + " write of stream "
              + stream.name()
              + " exited without echoing its final STATE message, so its records may not be"
              + " committed; check that it speaks the Airbyte protocol");
    }
  }

  @Override
  public void abort() {
    close();
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }

  private Session session() {
    if (session == null) {
      session = new Session();
      runs++;
    }
    return session;
  }

  private void requireColumns(List<Column> columns) {
    List<String> names = columns.stream().map(Column::name).toList();
    if (!names.equals(stream.columns().stream().map(Column::name).toList())) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Batch columns " + names + " of stream " + stream.name() + " differ from its writer's");
    }
  }

  private byte[] records(RecordBatch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, (int) batch.bytes()));
    long emittedAt = System.currentTimeMillis();
    List<Column> columns = batch.columns();
    try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
      for (Object[] row : batch.rows()) {
        json.writeStartObject();
        json.writeStringProperty("type", "RECORD");
        json.writeName("record");
        json.writeStartObject();
        json.writeStringProperty("stream", stream.name());
        if (stream.namespace() != null) {
          json.writeStringProperty("namespace", stream.namespace());
        }
        json.writeNumberProperty("emitted_at", emittedAt);
        json.writeName("data");
        json.writeStartObject();
        for (int i = 0; i < row.length; i++) {
          json.writeName(columns.get(i).name());
          RecordValues.encode(json, row[i]);
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }

  private byte[] state(long number) {
    var descriptor = Json.MAPPER.createObjectNode().put("name", stream.name());
    if (stream.namespace() != null) {
      descriptor.put("namespace", stream.namespace());
    }
    var message = Json.MAPPER.createObjectNode().put("type", "STATE");
    var streamState = message.putObject("state").put("type", "STREAM").putObject("stream");
    streamState.set("stream_descriptor", descriptor);
    streamState.putObject("stream_state").put("airlock_checkpoint", number);
    return (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String syncMode(SyncMode mode) {
    return switch (mode) {
      case INCREMENTAL_APPEND, INCREMENTAL_APPEND_DEDUP -> "incremental";
      default -> "full_refresh";
    };
  }

  private static String destinationSyncMode(SyncMode mode) {
    return switch (mode) {
      case FULL_REFRESH_OVERWRITE -> "overwrite";
      case INCREMENTAL_APPEND_DEDUP -> "append_dedup";
      default -> "append";
    };
  }

  /** One {@code write} run, with the threads that feed its stdin and read its stdout. */
  private final class Session {
    private final ConnectorProcess process;
    private final ProtocolReader reader;
    private final BlockingQueue<byte[]> pending = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Thread feeder;
    private final Thread listener;
    private volatile long acknowledged;
    private volatile boolean ended;
    private volatile RuntimeException failure;
    private volatile IOException stdinFailure;

    Session() {
      process = ConnectorProcess.prepare(command, "write");
      try {
        List<String> arguments = new ArrayList<>();
        arguments.addAll(List.of("--config", ExternalRuns.config(command, process).toString()));
        String catalog =
            ExternalCatalog.forWrite(stream, syncMode(mode), destinationSyncMode(mode), cursorField)
                .toString();
        arguments.addAll(List.of("--catalog", process.file("catalog.json", catalog).toString()));
        arguments.addAll(command.writeArgs());
        log.info("Writing stream {} through {} ({})", stream.name(), command.type(), mode);
        process.start(arguments);
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
      reader = new ProtocolReader(command, process, "write");
      feeder = Thread.ofPlatform().daemon().name("airlock-external-stdin").start(this::feed);
      listener = Thread.ofPlatform().daemon().name("airlock-external-listen").start(this::listen);
    }

    /** Queues bytes for stdin; fails if the destination has stopped. */
    void send(byte[] bytes) {
      try {
        while (!pending.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
          requireRunning();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stopped();
      }
      requireRunning();
    }

    private void requireRunning() {
      if (failure != null) {
        throw failure;
      }
      if (ended || stdinFailure != null) {
        throw endedEarly();
      }
    }

    /** Closes stdin, reads the rest of stdout and waits for a successful exit. */
    void end() {
      send(CLOSE);
      try {
        feeder.join(command.timeout().toMillis());
        listener.join(command.timeout().toMillis());
        if (listener.isAlive()) {
          throw new ConnectorException(
              ConnectorException.Kind.EXTERNAL,
              "Connector "
                  + command.type()
                  + " write of stream "
                  + stream.name()
                  + " did not end within "
                  + command.timeout().toSeconds()
                  + " s after its input ended; it was stopped. Raise timeoutSeconds if it needs"
                  + " longer to commit");
        }
        if (failure != null) {
          throw failure;
        }
        reader.finish(command.timeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stopped();
      } finally {
        process.close();
      }
    }

    private void feed() {
      try (OutputStream stdin = process.stdin()) {
        while (true) {
          byte[] bytes = pending.take();
          if (bytes == CLOSE) {
            return;
          }
          stdin.write(bytes);
          if (pending.isEmpty()) {
            stdin.flush();
          }
        }
      } catch (IOException e) {
        stdinFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void listen() {
      try {
        ProtocolReader.Message message;
        while ((message = reader.next(null)) != null) {
          if (message.type().equals("STATE")) {
            acknowledge(message.node().path("state"));
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ended = true;
        synchronized (this) {
          notifyAll();
        }
      }
    }

    private void acknowledge(JsonNode state) {
      JsonNode number = state.path("stream").path("stream_state").path("airlock_checkpoint");
      if (number.isIntegralNumber()) {
        synchronized (this) {
          acknowledged = Math.max(acknowledged, number.longValue());
          notifyAll();
        }
      }
    }

    /**
     * The destination stopped reading or exited before the end of the stream: the failure names its
     * trace error, or its exit code and the tail of its stderr.
     */
    private ConnectorException endedEarly() {
      ConnectorException trace = reader.traceError();
      if (trace != null) {
        return trace;
      }
      try {
        Integer exit = process.waitFor(Duration.ofSeconds(5));
        if (exit != null && exit != 0) {
          return process.exitFailure(exit);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Connector "
              + command.type()
              + " write of stream "
              + stream.name()
              + " stopped before the end of its input"
              + process.stderrSummary());
    }

    private ConnectorException stopped() {
      close();
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Writing stream " + stream.name() + " through " + command.type() + " was interrupted");
    }

    void close() {
      feeder.interrupt();
      process.close();
    }
  }
}
