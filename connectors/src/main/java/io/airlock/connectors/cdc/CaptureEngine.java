package io.airlock.connectors.cdc;

import io.airlock.connectors.spi.ConnectorException;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded capture engine for one bounded read: the engine hands batches of records to a
 * {@link Handler} on its own thread until the handler says the read has caught up, or fails. The
 * engine never commits offsets itself; handlers save state through the sink's checkpoints.
 */
public final class CaptureEngine {
  private static final Logger log = LoggerFactory.getLogger(CaptureEngine.class);
  private static final long STOP_WAIT_SECONDS = 60;

  /** Receives the engine's batches. */
  public interface Handler {
    /**
     * Hands {@code records} over.
     *
     * @return whether the read has caught up and ends here
     */
    boolean handle(List<SourceRecord> records) throws InterruptedException;

    /**
     * The error for an engine that stopped before the read caught up.
     *
     * @param message the engine's message, or null
     * @param error the engine's error, or null
     */
    ConnectorException stopped(String message, Throwable error);
  }

  private final Handler handler;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean caughtUp;

  private CaptureEngine(Handler handler) {
    this.handler = handler;
  }

  /** Runs an engine with {@code properties} until {@code handler} has caught up. */
  public static void run(Properties properties, String threadName, Handler handler)
      throws InterruptedException {
    new CaptureEngine(handler).run(properties, threadName);
  }

  private void run(Properties properties, String threadName) throws InterruptedException {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, threadName);
              thread.setDaemon(true);
              return thread;
            });
    DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(properties)
            .using((records, duration) -> false)
            .using(
                (success, message, error) -> {
                  if (!caughtUp) {
                    fail(handler.stopped(message, error));
                  }
                  finished.countDown();
                })
            .notifying(this::handle)
            .build();
    try {
      executor.execute(engine);
      done.await();
    } finally {
      close(engine);
      executor.shutdown();
      finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }
    RuntimeException error = failure.get();
    if (error != null) {
      throw error;
    }
  }

  private void handle(
      List<RecordChangeEvent<SourceRecord>> events,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) {
    if (done.getCount() == 0) {
      return;
    }
    List<SourceRecord> records = new ArrayList<>(events.size());
    events.forEach(event -> records.add(event.record()));
    try {
      if (handler.handle(records)) {
        caughtUp = true;
        done.countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new ConnectorException(ConnectorException.Kind.EXTERNAL, "Reading was interrupted"));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException error) {
    failure.compareAndSet(null, error);
    done.countDown();
  }

  private static void close(DebeziumEngine<?> engine) {
    try {
      engine.close();
    } catch (IOException e) {
      log.warn("Closing the change capture engine failed: {}", e.getClass().getSimpleName());
    }
  }
}
