package io.airlock.controlplane.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server started from the embedded binaries, listening on loopback only. Its data
 * folder survives restarts; its own output goes to {@code postgres.log} beside that folder.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String USER = "postgres";
  private static final String DATABASE = "postgres";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** Beside the data folder: the id of the process that last started the server. */
  private static final String OWNER_FILE = "postgres.owner";

  private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL over {@code dataDirectory}, creating the cluster on first start. */
  public static EmbeddedDatabase start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory.getParent());
      stopOrphan(dataDirectory);
      Redirect output = Redirect.appendTo(dataDirectory.resolveSibling("postgres.log").toFile());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              // The library's defaults suit throwaway test databases; this one must be durable.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setOutputRedirector(output)
              .setErrorRedirector(output)
              .start();
      folder(dataDirectory).recordOwner();
      log.info("Started embedded PostgreSQL on port {}", postgres.getPort());
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL in "
              + dataDirectory
              + "; see postgres.log beside it, or configure an external database",
          e);
    }
  }

  /**
   * Stops a PostgreSQL server still running over {@code dataDirectory}, left behind when an earlier
   * control plane was killed without shutting down. Only a process that is PostgreSQL over this
   * folder is stopped, never one that merely reuses the recorded process id, and never one whose
   * control plane is still alive and holds the data folder's lock.
   *
   * @throws IllegalStateException when a live control plane uses the data folder
   */
  private static void stopOrphan(Path dataDirectory) throws IOException {
    PostgresDataFolder folder = folder(dataDirectory);
    OptionalLong pid = folder.serverPid();
    if (pid.isEmpty()) {
      return;
    }
    Optional<PostgresDataFolder.InUse> inUse = folder.inUse();
    if (inUse.isPresent()) {
      throw inUse(dataDirectory, inUse.get().owner().orElse(pid.getAsLong()));
    }
    Optional<ProcessHandle> live = folder.liveServer();
    if (live.isEmpty()) {
      return;
    }
    if (folder.identify(live.get()) == PostgresDataFolder.Identity.SERVER_OF_THIS_FOLDER) {
      log.warn(
          "Stopping PostgreSQL process {} left running by an earlier control plane",
          pid.getAsLong());
      awaitExit(live.get());
      return;
    }
    // The recorded id now belongs to an unrelated process: leave it alone, drop the stale file.
    log.info("Removing a stale postmaster.pid that names an unrelated process");
    folder.removePidFile();
  }

  /** Whether {@code process} is a PostgreSQL server started with {@code -D dataDirectory}. */
  static boolean servesDataDirectory(ProcessHandle process, Path dataDirectory) {
    return folder(dataDirectory).identify(process)
        == PostgresDataFolder.Identity.SERVER_OF_THIS_FOLDER;
  }

  private static PostgresDataFolder folder(Path dataDirectory) {
    return new PostgresDataFolder(dataDirectory, dataDirectory.resolveSibling(OWNER_FILE));
  }

  private static IllegalStateException inUse(Path dataDirectory, long pid) {
    return new IllegalStateException(
        "Control plane data folder "
            + dataDirectory.getParent()
            + " is in use by process "
            + pid
            + "; stop it first");
  }

  private static void awaitExit(ProcessHandle process) throws IOException {
    process.destroy();
    try {
      process.onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IOException("Cannot stop PostgreSQL process " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping PostgreSQL process " + process.pid(), e);
    }
  }

  /** JDBC URL of the control plane's database. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  @Override
  public void close() {
    try {
      postgres.close();
      log.info("Stopped embedded PostgreSQL");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop the embedded PostgreSQL", e);
    }
  }
}
