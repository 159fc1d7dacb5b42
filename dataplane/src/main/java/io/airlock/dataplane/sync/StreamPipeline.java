package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.dataplane.mappers.StreamMapping;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Syncs one stream: a reader thread runs {@link Source#read} into a bounded queue; the calling
 * thread maps each batch and writes it, checkpointing every N records, then finishes the stream.
 * Memory is bounded by the queue, whatever the size of the table. Any failure aborts the writer and
 * is rethrown.
 *
 * <p>The states a source marks travel in the same queue, each with the batch it follows (the reader
 * holds each batch of a source that marks back until it knows whether a mark follows). After each
 * destination commit, the last state taken from the queue (so covering only written records) goes
 * to the {@link Checkpointer}: a state is never saved before the records before it are committed.
 */
final class StreamPipeline {
  /** Saves a stream's state once the destination has committed every record before it. */
  @FunctionalInterface
  interface Checkpointer {
    void committed(String state);
  }

  /**
   * A batch, and the state the source marked right after it (null when it marked none). Marks ride
   * on their batch so that they take no room of their own in the queue.
   */
  private record Item(RecordBatch batch, String stateAfter) {}

  private static final Logger LOG = LoggerFactory.getLogger(StreamPipeline.class);
  private static final Object END = new Object();
  private static final long OFFER_MILLIS = 100;
  private static final long STOP_WAIT_MILLIS = 30_000;

  private final Source source;
  private final Destination destination;
  private final StreamPlan plan;
  private final StreamMapping mapping;
  private final SyncOptions options;
  private final StreamCounter counter;
  private final Checkpointer checkpointer;
  private String pendingState;
  private String committedState;

  StreamPipeline(
      Source source,
      Destination destination,
      StreamPlan plan,
      StreamMapping mapping,
      SyncOptions options,
      StreamCounter counter,
      Checkpointer checkpointer) {
    this.source = requireNonNull(source, "source is null");
    this.destination = requireNonNull(destination, "destination is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.mapping = requireNonNull(mapping, "mapping is null");
    this.options = requireNonNull(options, "options is null");
    this.counter = requireNonNull(counter, "counter is null");
    this.checkpointer = requireNonNull(checkpointer, "checkpointer is null");
  }

  void run() throws InterruptedException {
    counter.started();
    try (StreamWriter writer =
        destination.open(mapping.output(), plan.mode(), plan.cursorField())) {
      Reader reader = new Reader(new ArrayBlockingQueue<>(options.queueBatches()));
      reader.start();
      try {
        consume(reader, writer);
        writer.finish();
        saveState();
      } catch (InterruptedException | RuntimeException | Error e) {
        reader.stop();
        abort(writer);
        throw e;
      }
    } finally {
      counter.ended();
    }
  }

  /** Writes what the reader queues, checkpointing every N records. */
  private void consume(Reader reader, StreamWriter writer) throws InterruptedException {
    long sinceCheckpoint = 0;
    while (true) {
      Object item = reader.queue.take();
      if (item == END) {
        reader.rethrowFailure();
        return;
      }
      Item next = (Item) item;
      if (next.batch() != null) {
        RecordBatch batch = mapping.apply(next.batch());
        writer.write(batch);
        counter.add(batch.size(), batch.bytes());
        sinceCheckpoint += batch.size();
      }
      if (next.stateAfter() != null) {
        pendingState = next.stateAfter();
      }
      if (sinceCheckpoint >= options.checkpointRecords()) {
        checkpoint(writer);
        sinceCheckpoint = 0;
      }
    }
  }

  private void checkpoint(StreamWriter writer) {
    writer.checkpoint();
    saveState();
  }

  /** Hands the last state taken from the queue to the checkpointer, once per new state. */
  private void saveState() {
    if (pendingState != null && !pendingState.equals(committedState)) {
      checkpointer.committed(pendingState);
      committedState = pendingState;
    }
  }

  private void abort(StreamWriter writer) {
    try {
      writer.abort();
    } catch (RuntimeException e) {
      LOG.warn("Aborting stream {} failed too: {}", plan.stream().name(), e.getClass().getName());
    }
  }

  /** The reader thread and the queue it fills. */
  private final class Reader implements Runnable {
    private final BlockingQueue<Object> queue;
    private final Map<String, String> context = MDC.getCopyOfContextMap();
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private RecordBatch held;
    private boolean marks;

    Reader(BlockingQueue<Object> queue) {
      this.queue = queue;
      this.thread = new Thread(this, "airlock-read-" + plan.stream().name());
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    @Override
    public void run() {
      if (context != null) {
        MDC.setContextMap(context);
      }
      try {
        source.read(
            new StreamRead(plan.stream(), plan.cursorField(), plan.state()),
            new BatchSink() {
              @Override
              public void accept(RecordBatch batch) throws InterruptedException {
                putHeld();
                if (marks) {
                  held = batch;
                } else {
                  put(new Item(batch, null));
                }
              }

              @Override
              public void checkpoint(String state) throws InterruptedException {
                marks = true;
                put(new Item(held, state));
                held = null;
              }
            });
        putHeld();
      } catch (InterruptedException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      signalEnd();
    }

    /** Queues the batch held back for a mark that may follow it. */
    private void putHeld() throws InterruptedException {
      if (held != null) {
        put(new Item(held, null));
        held = null;
      }
    }

    /** Queues an item; once the consumer has stopped, fails instead of waiting for room. */
    private void put(Item item) throws InterruptedException {
      while (!queue.offer(item, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
        requireRunning();
      }
      requireRunning();
    }

    private void requireRunning() throws InterruptedException {
      if (stopped) {
        throw new InterruptedException("Stream " + plan.stream().name() + " was stopped");
      }
    }

    /** Queues the end marker, unless the consumer has stopped and will never take it. */
    private void signalEnd() {
      try {
        while (!stopped && !queue.offer(END, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
          // The consumer is still writing; wait for room.
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void rethrowFailure() throws InterruptedException {
      join();
      Throwable cause = failure;
      switch (cause) {
        case null -> {}
        case InterruptedException e -> throw e;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException("Unexpected reader failure", cause);
      }
    }

    /**
     * Stops the reader: interrupts it and drains the queue so that it cannot stay blocked on a full
     * queue. Waits a bounded time; a source that ignores interrupts is left behind (daemon).
     */
    void stop() {
      stopped = true;
      thread.interrupt();
      queue.clear();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
      boolean interrupted = false;
      while (thread.isAlive() && System.nanoTime() < deadline) {
        try {
          thread.join(OFFER_MILLIS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
        queue.clear();
        thread.interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn(
            "Reader of stream {} did not stop within {} ms; leaving it behind",
            plan.stream().name(),
            STOP_WAIT_MILLIS);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void join() {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          thread.interrupt();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
