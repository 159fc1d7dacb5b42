package io.airlock.connectors.external;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/** Settings for external connectors run in tests, a sync loop, and a capture of their logs. */
final class TestingExternal {
  private TestingExternal() {}

  /** {@code source-external} settings that run {@link TestingProtocolSource} in its own JVM. */
  static ConnectorSettings protocolSource(Map<String, Object> config, SecretResolver secrets) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("command", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    settings.put(
        "args",
        List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            TestingProtocolSource.class.getName()));
    settings.put("config", config);
    return new ConnectorSettings("source-external", settings, secrets);
  }

  static SecretResolver noSecrets() {
    return reference -> {
      throw new IllegalArgumentException("No secrets in this test");
    };
  }

  static SecretResolver secrets(Map<String, String> values) {
    return reference -> Secret.of(values.get(reference));
  }

  /**
   * Reads {@code read} into {@code writer} on the calling thread: the writer checkpoints at each
   * state the source marks, and the state counts as committed once the checkpoint returns. Returns
   * the last committed state.
   */
  static String sync(Source source, StreamRead read, StreamWriter writer)
      throws InterruptedException {
    AtomicReference<String> committed = new AtomicReference<>();
    source.read(
        read,
        new BatchSink() {
          @Override
          public void accept(RecordBatch batch) {
            writer.write(batch);
          }

          @Override
          public void checkpoint(String state) {
            writer.checkpoint();
            committed.set(state);
          }
        });
    writer.finish();
    return committed.get();
  }

  /** Captures the log events of the external connectors' package until closed. */
  static final class LogCapture implements AutoCloseable {
    private final Logger logger =
        (Logger) LoggerFactory.getLogger(ExternalSource.class.getPackageName());
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
      appender.start();
      logger.addAppender(appender);
    }

    List<String> messages() {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    String all() {
      return String.join("\n", messages());
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
