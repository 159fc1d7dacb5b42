package io.airlock.dataplane.testing;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hand-written fake connectors for engine tests: a source that generates rows and can fail or
 * block, and a destination that records what it is asked to do.
 */
public final class TestingConnectors {
  public static final String SOURCE = "source-testing";
  public static final String DESTINATION = "destination-testing";

  /** Streams the source offers: id INTEGER, ssn TEXT, note TEXT. */
  public final List<StreamDescriptor> streams = new ArrayList<>();

  public volatile int batchSize = 1_000;
  public volatile long rowsPerStream = 10_000;

  /** Fail reading at this batch index (0-based) of the stream named {@link #failStream}. */
  public volatile int failAtBatch = -1;

  public volatile String failStream;
  public volatile RuntimeException readFailure;
  public volatile RuntimeException writeFailure;

  /** When set, reading waits on it before the first batch (to hold a job "running"). */
  public volatile CountDownLatch holdReading;

  /** Signalled when reading has begun. */
  public final CountDownLatch readingStarted = new CountDownLatch(1);

  /** When true, the first write waits (up to 2 s) for the reader to run ahead. */
  public volatile boolean slowFirstWrite;

  public final AtomicLong batchesProduced = new AtomicLong();
  public final AtomicLong batchesWritten = new AtomicLong();
  public final AtomicLong maxBatchesInFlight = new AtomicLong();
  public final List<String> events = new CopyOnWriteArrayList<>();
  public final Map<String, List<Long>> checkpoints = new ConcurrentHashMap<>();
  public final Map<String, StreamDescriptor> opened = new ConcurrentHashMap<>();
  public final Map<String, List<Object[]>> rows = new ConcurrentHashMap<>();
  public final List<String> secretsSeen = new CopyOnWriteArrayList<>();

  public TestingConnectors(String... streamNames) {
    for (String name : streamNames) {
      streams.add(
          new StreamDescriptor(
              name,
              "public",
              List.of(
                  new Column("id", DataType.INTEGER, false, "bigint"),
                  new Column("ssn", DataType.TEXT, true, "text"),
                  new Column("note", DataType.TEXT, true, "text")),
              List.of("id")));
    }
  }

  public ConnectorRegistry registry() {
    return new ConnectorRegistry(List.of(new SourceFactory(), new DestinationFactory()));
  }

  /** The fake destination with a real source, for example the built-in CSV source. */
  public ConnectorRegistry registryWithSource(ConnectorFactory source) {
    return new ConnectorRegistry(List.of(source, new DestinationFactory()));
  }

  /** The value of row {@code i}'s ssn column. */
  public static String ssn(long i) {
    return i % 7 == 0 ? null : "ssn-" + i;
  }

  private final class SourceFactory implements ConnectorFactory {
    @Override
    public String type() {
      return SOURCE;
    }

    @Override
    public Source createSource(ConnectorSettings settings) {
      String password = settings.string("password", null);
      if (password != null) {
        secretsSeen.add(settings.secret("password").reveal());
      }
      return new FakeSource();
    }
  }

  private final class DestinationFactory implements ConnectorFactory {
    @Override
    public String type() {
      return DESTINATION;
    }

    @Override
    public Destination createDestination(ConnectorSettings settings) {
      return new FakeDestination();
    }
  }

  private final class FakeSource implements Source {
    @Override
    public void check() {}

    @Override
    public List<StreamDescriptor> discover() {
      return List.copyOf(streams);
    }

    @Override
    public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
      readingStarted.countDown();
      CountDownLatch hold = holdReading;
      if (hold != null) {
        hold.await();
      }
      long row = 0;
      int batchIndex = 0;
      while (row < rowsPerStream) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        if (batchIndex == failAtBatch && stream.name().equals(failStream)) {
          throw readFailure;
        }
        List<Object[]> batchRows = new ArrayList<>();
        for (int i = 0; i < batchSize && row < rowsPerStream; i++, row++) {
          batchRows.add(project(stream, row));
        }
        sink.accept(new RecordBatch(stream.columns(), batchRows, batchRows.size() * 20L));
        batchesProduced.incrementAndGet();
        batchIndex++;
      }
    }

    private Object[] project(StreamDescriptor stream, long row) {
      Object[] values = new Object[stream.columns().size()];
      for (int c = 0; c < values.length; c++) {
        values[c] =
            switch (stream.columns().get(c).name()) {
              case "id" -> row;
              case "ssn" -> ssn(row);
              default -> "note " + row;
            };
      }
      return values;
    }

    @Override
    public void close() {
      events.add("source closed");
    }
  }

  private final class FakeDestination implements Destination {
    @Override
    public void check() {}

    @Override
    public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
      events.add("open " + stream.name() + " " + mode);
      opened.put(stream.name(), stream);
      return new FakeWriter(stream.name());
    }

    @Override
    public void close() {
      events.add("destination closed");
    }
  }

  private final class FakeWriter implements StreamWriter {
    private final String stream;
    private long records;
    private boolean first = true;

    FakeWriter(String stream) {
      this.stream = stream;
      rows.put(stream, new CopyOnWriteArrayList<>());
    }

    @Override
    public void write(RecordBatch batch) {
      if (first && slowFirstWrite) {
        waitForReaderToRunAhead();
      }
      first = false;
      long inFlight = batchesProduced.get() - batchesWritten.get();
      maxBatchesInFlight.accumulateAndGet(inFlight, Math::max);
      if (writeFailure != null) {
        throw writeFailure;
      }
      records += batch.size();
      if (rowsPerStream <= 100_000) {
        rows.get(stream).addAll(batch.rows());
      }
      batchesWritten.incrementAndGet();
    }

    private void waitForReaderToRunAhead() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (batchesProduced.get() < 20 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void checkpoint() {
      checkpoints.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).add(records);
    }

    @Override
    public void finish() {
      events.add("finish " + stream);
    }

    @Override
    public void abort() {
      events.add("abort " + stream);
    }

    @Override
    public void close() {
      events.add("close " + stream);
    }
  }
}
