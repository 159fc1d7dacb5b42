package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.dataplane.mappers.Mappers;
import io.airlock.protocol.job.SyncMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a stream can end must end the reader thread too; the timeouts only guard hangs. */
class StreamPipelineShutdownTest {
  private static final StreamDescriptor STREAM =
      new StreamDescriptor(
          "s", "public", List.of(new Column("id", DataType.INTEGER, false, "bigint")), List.of());

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFailingDestinationStopsASourceThatKeepsProducingIntoAFullQueue()
      throws InterruptedException {
    AtomicInteger interruptsSwallowed = new AtomicInteger();
    CountDownLatch queueFull = new CountDownLatch(1);
    Source source =
        new FakeSource() {
          @Override
          public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
            for (int produced = 1; ; produced++) {
              if (produced == 4) {
                queueFull.countDown(); // one taken, two queued: this one waits for room.
              }
              try {
                sink.accept(batch());
              } catch (InterruptedException e) {
                // Like a driver that clears the interrupt and retries once.
                if (interruptsSwallowed.getAndIncrement() > 0) {
                  throw e;
                }
              }
            }
          }
        };
    FakeDestination destination = new FakeDestination(queueFull);

    assertThatThrownBy(() -> pipeline(source, destination).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destination is full");

    assertThat(destination.events).containsExactly("write", "abort", "close");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anInterruptedRunStopsASourceBlockedInRead() throws InterruptedException {
    CountDownLatch reading = new CountDownLatch(1);
    Source source =
        new FakeSource() {
          @Override
          public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
            reading.countDown();
            new CountDownLatch(1).await();
          }
        };
    FakeDestination destination = new FakeDestination(null);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                pipeline(source, destination).run();
              } catch (InterruptedException | RuntimeException e) {
                failure.set(e);
              }
            });
    runner.start();
    reading.await();

    runner.interrupt();
    runner.join();

    assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    assertThat(destination.events).containsExactly("abort", "close");
  }

  private static StreamPipeline pipeline(Source source, Destination destination) {
    StreamPlan plan = new StreamPlan(STREAM, SyncMode.FULL_REFRESH_APPEND);
    return new StreamPipeline(
        source,
        destination,
        plan,
        Mappers.none().forStream(STREAM),
        new SyncOptions(1_000, 2),
        new StreamCounter(STREAM.name()),
        state -> {});
  }

  private static RecordBatch batch() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L});
    return new RecordBatch(STREAM.columns(), rows, 8);
  }

  private abstract static class FakeSource implements Source {
    @Override
    public void check() {}

    @Override
    public List<StreamDescriptor> discover() {
      return List.of(STREAM);
    }

    @Override
    public void close() {}
  }

  /** Fails its first write once the reader has filled the queue (when given a latch). */
  private static final class FakeDestination implements Destination {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch beforeFailing;

    FakeDestination(CountDownLatch beforeFailing) {
      this.beforeFailing = beforeFailing;
    }

    @Override
    public void check() {}

    @Override
    public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
      return new StreamWriter() {
        @Override
        public void write(RecordBatch batch) {
          events.add("write");
          awaitQuietly();
          throw new IllegalStateException("destination is full");
        }

        private void awaitQuietly() {
          try {
            beforeFailing.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public void checkpoint() {}

        @Override
        public void finish() {
          events.add("finish");
        }

        @Override
        public void abort() {
          events.add("abort");
        }

        @Override
        public void close() {
          events.add("close");
        }
      };
    }

    @Override
    public void close() {}
  }
}
