package io.airlock.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.testing.TestingS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Incremental reads by {@code _airlock_file_modified}, from a folder and from a bucket: a second
 * read takes only new and changed files, a file that lands later with the same modification time as
 * the last one read still arrives, and a read that failed between files resumes after the last
 * completed file with no row lost or read twice.
 */
class FilesIncrementalTest {
  private static final String CURSOR = FilesSource.MODIFIED_COLUMN;
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

  /** What one read gave: the ids read, in order, and every state it marked. */
  record Read(List<String> ids, List<String> states) {
    String lastState() {
      return states.isEmpty() ? null : states.getLast();
    }
  }

  /** A destination failure, carrying what was read before it. */
  static final class DestinationFailed extends RuntimeException {
    final Read read;

    DestinationFailed(Read read) {
      super("the destination failed");
      this.read = read;
    }
  }

  abstract static class Store {
    abstract Source source();

    /** Writes a CSV file of {@code ids} under {@code name}. */
    abstract void put(String name, String... ids) throws Exception;

    StreamDescriptor stream(Source source) {
      List<StreamDescriptor> streams = source.discover();
      assertThat(streams).extracting(StreamDescriptor::name).containsExactly("events");
      return streams.getFirst();
    }

    Read read(String state) throws InterruptedException {
      try (Source source = source()) {
        return read(source, new StreamRead(stream(source), CURSOR, state));
      }
    }

    Read read(Source source, StreamRead read) throws InterruptedException {
      return read(source, read, false);
    }

    /** The rows and states of a read whose sink fails on the first batch after a checkpoint. */
    Read readUntilFailure() throws InterruptedException {
      try (Source source = source()) {
        Read read = read(source, new StreamRead(stream(source), CURSOR, null), true);
        throw new AssertionError("the read did not fail: " + read.ids());
      } catch (DestinationFailed e) {
        return e.read;
      }
    }

    private Read read(Source source, StreamRead read, boolean failAfterCheckpoint)
        throws InterruptedException {
      List<String> ids = new ArrayList<>();
      List<String> states = new ArrayList<>();
      int id = read.stream().columns().indexOf(read.stream().column("id").orElseThrow());
      source.read(
          read,
          new BatchSink() {
            @Override
            public void accept(RecordBatch batch) {
              if (failAfterCheckpoint && !states.isEmpty()) {
                throw new DestinationFailed(new Read(ids, states));
              }
              batch.rows().forEach(row -> ids.add(row[id].toString()));
            }

            @Override
            public void checkpoint(String state) {
              states.add(state);
            }
          });
      return new Read(ids, states);
    }

    static Map<String, Object> settings() {
      Map<String, Object> config = new HashMap<>();
      config.put("format", "csv");
      config.put("file_columns", true);
      config.put("stream", "events");
      return config;
    }

    static Source create(Map<String, Object> config, SecretResolver secrets) {
      return ConnectorRegistry.builtIn()
          .factory(FilesSourceFactory.TYPE)
          .createSource(new ConnectorSettings(FilesSourceFactory.TYPE, config, secrets));
    }

    static String csv(String... ids) {
      StringBuilder text = new StringBuilder("id,note\n");
      for (String id : ids) {
        text.append(id).append(",row ").append(id).append('\n');
      }
      return text.toString();
    }
  }

  @Nested
  class Folder {
    @TempDir Path folder;

    private final Store store =
        new Store() {
          @Override
          Source source() {
            Map<String, Object> config = settings();
            config.put("path", folder.toString());
            return create(config, reference -> null);
          }

          @Override
          void put(String name, String... ids) throws Exception {
            Files.writeString(folder.resolve(name), csv(ids));
          }
        };

    private void put(String name, Instant modified, String... ids) throws Exception {
      store.put(name, ids);
      Files.setLastModifiedTime(folder.resolve(name), FileTime.from(modified));
    }

    @Test
    void aSecondReadTakesOnlyNewAndChangedFiles() throws Exception {
      put("a.csv", T0, "1", "2");
      put("b.csv", T0.plusSeconds(1), "3");

      Read first = store.read(null);
      Read unchanged = store.read(first.lastState());
      put("b.csv", T0.plusSeconds(5), "3", "4");
      put("c.csv", T0.plusSeconds(3), "5");
      Read changed = store.read(first.lastState());

      assertThat(first.ids()).containsExactly("1", "2", "3");
      assertThat(first.states()).hasSize(2);
      assertThat(unchanged.ids()).isEmpty();
      assertThat(unchanged.states()).isEmpty();
      assertThat(changed.ids()).containsExactly("5", "3", "4");
      assertThat(changed.lastState()).contains("2026-03-01T10:00:05.123456789Z").contains("b.csv");
    }

    @Test
    void aFileLandingLaterWithTheSameTimeAsTheLastOneReadStillArrives() throws Exception {
      put("a.csv", T0, "1");
      put("b.csv", T0, "2");
      Read first = store.read(null);

      put("c.csv", T0, "3");
      put("0-early.csv", T0.minusNanos(1), "0");
      Read later = store.read(first.lastState());
      Read again = store.read(later.lastState());

      assertThat(first.ids()).containsExactly("1", "2");
      assertThat(first.lastState()).contains("a.csv", "b.csv", "10:00:00.123456789Z");
      assertThat(later.ids()).containsExactly("3");
      assertThat(again.ids()).isEmpty();
    }

    @Test
    void aReadThatFailedBetweenFilesResumesAfterTheLastCompletedFile() throws Exception {
      put("a.csv", T0, "1", "2");
      put("b.csv", T0.plusSeconds(1), "3");
      put("c.csv", T0.plusSeconds(2), "4");

      Read committed = store.readUntilFailure();
      Read resumed = store.read(committed.lastState());

      assertThat(committed.ids()).containsExactly("1", "2");
      assertThat(committed.states()).hasSize(1);
      assertThat(resumed.ids()).containsExactly("3", "4");
    }

    @Test
    void oneStreamOfManyFilesFailsNamingAFileThatLacksAColumn() throws Exception {
      put("a.csv", T0, "1");
      Files.writeString(folder.resolve("b.csv"), "id,other\n2,x\n");

      assertThatThrownBy(() -> store.read(null))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("b.csv")
          .hasMessageContaining("has no column note");
    }

    @Test
    void onlyTheModificationTimeCanBeTheCursorAndItNeedsTheFileColumns() throws Exception {
      put("a.csv", T0, "1");
      try (Source source = store.source()) {
        StreamDescriptor stream = store.stream(source);
        assertThatThrownBy(() -> store.read(source, new StreamRead(stream, "id", null)))
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("reads incrementally by _airlock_file_modified only");
      }
      Map<String, Object> config = Store.settings();
      config.put("path", folder.toString());
      config.put("file_columns", false);
      try (Source source = Store.create(config, reference -> null)) {
        StreamDescriptor stream = store.stream(source);
        assertThatThrownBy(() -> store.read(source, new StreamRead(stream, CURSOR, null)))
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("turn on 'file_columns'");
      }
    }
  }

  @Nested
  class Bucket {
    private TestingS3 s3;
    private String bucket;

    private final Store store =
        new Store() {
          @Override
          Source source() {
            Map<String, Object> config = settings();
            config.putAll(s3.settings(bucket, "in"));
            return create(config, TestingS3.secrets());
          }

          @Override
          void put(String name, String... ids) {
            s3.put(bucket, "in/" + name, csv(ids));
          }
        };

    @BeforeEach
    void createBucket() {
      s3 = TestingS3.shared();
      bucket = s3.createBucket("incremental");
    }

    private Instant modified(String name) {
      return s3
          .client()
          .listObjectsV2(request -> request.bucket(bucket).prefix("in/" + name))
          .contents()
          .stream()
          .map(S3Object::lastModified)
          .findFirst()
          .orElseThrow();
    }

    /** Waits until the server's clock gives a new upload a later time than {@code name} has. */
    private void putLater(String after, String name, String... ids) throws Exception {
      Instant before = modified(after);
      for (int attempt = 0; attempt < 30; attempt++) {
        store.put(name, ids);
        if (modified(name).isAfter(before)) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("The server gave no later modification time within 3 s");
    }

    @Test
    void aSecondReadTakesOnlyNewAndChangedFiles() throws Exception {
      store.put("a.csv", "1", "2");
      putLater("a.csv", "b.csv", "3");

      Read first = store.read(null);
      Read unchanged = store.read(first.lastState());
      putLater("b.csv", "b.csv", "3", "4");
      putLater("b.csv", "c.csv", "5");
      Read changed = store.read(first.lastState());

      assertThat(first.ids()).containsExactly("1", "2", "3");
      assertThat(unchanged.ids()).isEmpty();
      assertThat(changed.ids()).containsExactly("3", "4", "5");
    }

    @Test
    void aFileWithTheSameTimeAsTheLastOneReadIsReadWhenItIsNotInTheState() throws Exception {
      store.put("a.csv", "1");
      putLater("a.csv", "b.csv", "2");
      Instant latest = modified("b.csv");
      String onlyA = new ModifiedCursor(latest, Set.of("a.csv")).json();

      Read read = store.read(onlyA);

      assertThat(read.ids()).containsExactly("2");
    }

    @Test
    void aReadThatFailedBetweenFilesResumesAfterTheLastCompletedFile() throws Exception {
      store.put("a.csv", "1", "2");
      store.put("b.csv", "3");
      store.put("c.csv", "4");

      Read committed = store.readUntilFailure();
      Read resumed = store.read(committed.lastState());

      assertThat(committed.ids()).containsExactly("1", "2");
      assertThat(resumed.ids()).containsExactly("3", "4");
    }
  }
}
