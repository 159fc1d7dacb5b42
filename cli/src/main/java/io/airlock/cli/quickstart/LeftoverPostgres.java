package io.airlock.cli.quickstart;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.CliException;
import io.airlock.controlplane.database.PostgresDataFolder;
import java.io.IOException;
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
 * Clears the way for a PostgreSQL server over a data folder of {@code $AIRLOCK_HOME}: stops the
 * server that an earlier quickstart left running when it was killed ({@code kill -9}, a crash, a
 * closed terminal), and refuses when a quickstart that is still alive uses the folder.
 *
 * <p>Only a process that is a PostgreSQL server over exactly this data folder is ever stopped. A
 * live process that merely has the id recorded in {@code postmaster.pid} (the id was reused after
 * the server died) is left alone, and the stale file is removed instead.
 */
final class LeftoverPostgres {
  static final String LOCK_FILE = PostgresDataFolder.LOCK_FILE;
  static final String PID_FILE = PostgresDataFolder.PID_FILE;

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDirectory;
  private final PostgresDataFolder folder;

  /**
   * @param dataDirectory the server's data folder (where {@code postmaster.pid} lives)
   * @param ownerFile where the id of the process that last started the server is kept
   */
  LeftoverPostgres(Path dataDirectory, Path ownerFile) {
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.folder = new PostgresDataFolder(dataDirectory, ownerFile);
  }

  /**
   * Makes the data folder ready for a new server: stops a leftover server over it, or removes a
   * stale {@code postmaster.pid}.
   *
   * @throws CliException when a live process still uses the folder, or a leftover server cannot be
   *     told apart from another program or does not stop; the message names the process, the folder
   *     and what to do
   */
  void clear() {
    requireNotInUse();
    Optional<ProcessHandle> process = folder.liveServer();
    if (process.isEmpty()) {
      // No server recorded, or PostgreSQL replaces the file of a server that is gone by itself.
      return;
    }
    switch (folder.identify(process.get())) {
      case SERVER_OF_THIS_FOLDER -> stop(process.get());
      case OTHER_PROCESS -> removeStalePidFile(process.get().pid());
      case UNKNOWN -> throw cannotTell(process.get().pid());
    }
  }

  /** Records this process as the one that runs the server; call once it has started. */
  void recordOwner() {
    try {
      folder.recordOwner();
    } catch (IOException e) {
      LOG.warn("Cannot record the owner of {}: {}", dataDirectory, e.getMessage());
    }
  }

  /** The pid in {@code postmaster.pid} of {@code dataDirectory}, if that process is alive. */
  static OptionalLong runningServerPid(Path dataDirectory) {
    return PostgresDataFolder.runningServerPid(dataDirectory);
  }

  /**
   * Refuses when a live process holds the folder's lock: its server is then in use, not left over.
   */
  private void requireNotInUse() {
    try {
      Optional<PostgresDataFolder.InUse> inUse = folder.inUse();
      if (inUse.isPresent()) {
        throw inUse(inUse.get().owner());
      }
    } catch (IOException e) {
      LOG.info("Cannot check the lock of {}: {}", dataDirectory, e.getMessage());
    }
  }

  private void stop(ProcessHandle server) {
    LOG.warn(
        "Stopping PostgreSQL process {}, left running over {} by a quickstart that was killed",
        server.pid(),
        dataDirectory);
    server.destroy();
    try {
      server.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("Stopped the leftover PostgreSQL process {}", server.pid());
    } catch (TimeoutException | ExecutionException e) {
      throw new CliException(
          "PostgreSQL process "
              + server.pid()
              + ", left running over "
              + dataDirectory
              + " by a quickstart that was killed, did not stop within "
              + STOP_TIMEOUT.toSeconds()
              + " s (a client may still be connected). Stop it with 'kill -INT "
              + server.pid()
              + "' and run the quickstart again.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while stopping PostgreSQL process " + server.pid());
    }
  }

  private void removeStalePidFile(long pid) {
    Path pidFile = dataDirectory.resolve(PID_FILE);
    LOG.warn(
        "{} names process {}, which is not a PostgreSQL server over this folder; removing the"
            + " stale file",
        pidFile,
        pid);
    try {
      folder.removePidFile();
    } catch (IOException e) {
      throw new CliException(
          "Cannot remove the stale " + pidFile + " (" + e.getMessage() + "); remove it by hand");
    }
  }

  private CliException inUse(OptionalLong owner) {
    String who =
        owner.isPresent()
            ? "process " + owner.getAsLong()
            : "another process (it holds " + dataDirectory.resolve(LOCK_FILE) + ")";
    String stop =
        owner.isPresent()
            ? "Ctrl-C in its terminal, or 'kill " + owner.getAsLong() + "'"
            : "Ctrl-C in its terminal";
    return new CliException(
        "The PostgreSQL data folder "
            + dataDirectory
            + " is in use by "
            + who
            + ", probably another 'airlock quickstart' with the same AIRLOCK_HOME. Stop that one"
            + " first ("
            + stop
            + "), or set AIRLOCK_HOME to another folder.");
  }

  private CliException cannotTell(long pid) {
    return new CliException(
        dataDirectory.resolve(PID_FILE)
            + " names process "
            + pid
            + ", which still runs and cannot be told apart from a PostgreSQL server over "
            + dataDirectory
            + ". If it is one, stop it with 'kill -INT "
            + pid
            + "'; if it is not, remove that postmaster.pid. Then run the quickstart again.");
  }
}
