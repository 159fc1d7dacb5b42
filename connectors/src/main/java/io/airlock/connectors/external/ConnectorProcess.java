package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an external connector: a private working folder holding its {@code --config}, {@code
 * --catalog} and {@code --state} files, the child process, and the threads that drain its stdout
 * (into a bounded {@link LineQueue}) and its stderr (into a bounded tail).
 *
 * <p>The child's environment holds only {@code PATH}, {@code LANG}, {@code LC_ALL} and {@code TZ}
 * of the data plane, {@code HOME} and {@code TMPDIR} set to its working folder, and the variables
 * the settings name: the data plane's own environment can hold secrets ({@code env://} references).
 * {@link #close()} kills the child and every process it started, reaps them, and deletes the
 * folder.
 */
final class ConnectorProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectorProcess.class);

  /** Longest stdout line accepted: one message. */
  static final int MAX_LINE_BYTES = 64 << 20;

  /** Total size of the stdout lines read ahead of the consumer. */
  static final long QUEUE_BYTES = 8L << 20;

  static final int STDERR_TAIL_LINES = 20;
  private static final int STDERR_LINE_CHARS = 500;
  private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ");
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final ExternalCommand command;
  private final String verb;
  private final Path folder;
  private final LineQueue stdout = new LineQueue(QUEUE_BYTES);
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private Process process;
  private Thread stdoutPump;
  private Thread stderrPump;
  private volatile IOException stdoutFailure;
  private long lineNumber;

  private ConnectorProcess(ExternalCommand command, String verb) {
    this.command = command;
    this.verb = verb;
    try {
      this.folder =
          Files.createTempDirectory(
              "airlock-external-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot create a working folder for connector "
              + command.type()
              + "; check java.io.tmpdir",
          e);
    }
  }

  /** Prepares a run of {@code verb} (spec, check, discover, read, write). Call {@link #start}. */
  static ConnectorProcess prepare(ExternalCommand command, String verb) {
    return new ConnectorProcess(requireNonNull(command, "command is null"), verb);
  }

  /** Writes {@code content} to a file of the working folder readable by this user only. */
  Path file(String name, String content) {
    Path path = folder.resolve(name);
    try {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(path, content, StandardCharsets.UTF_8);
      return path;
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot write the " + name + " file of connector " + command.type(),
          e);
    }
  }

  /** Starts the child with {@code arguments} after the protocol verb. */
  ConnectorProcess start(List<String> arguments) {
    List<String> line = new ArrayList<>();
    line.add(command.executable().toString());
    line.addAll(command.args());
    line.add(verb);
    line.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(line).directory(folder.toFile());
    environment(builder.environment());
    try {
      process = builder.start();
    } catch (IOException e) {
      close();
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot start connector "
              + command.type()
              + " ("
              + command.executable()
              + " "
              + verb
              + "); check that it is executable by the data plane's user",
          e);
    }
    log.info(
        "Started {} {} of {} (pid {})", command.type(), verb, command.executable(), process.pid());
    startPumps();
    return this;
  }

  private void environment(Map<String, String> environment) {
    Map<String, String> own = System.getenv();
    environment.clear();
    INHERITED.stream().filter(own::containsKey).forEach(n -> environment.put(n, own.get(n)));
    environment.put("HOME", folder.toString());
    environment.put("TMPDIR", folder.toString());
    environment.putAll(command.environment());
  }

  private void startPumps() {
    stdoutPump =
        Thread.ofPlatform().daemon().name("airlock-external-stdout").start(this::pumpStdout);
    stderrPump =
        Thread.ofPlatform().daemon().name("airlock-external-stderr").start(this::pumpStderr);
  }

  private void pumpStdout() {
    try (InputStream in = new BufferedInputStream(process.getInputStream(), 1 << 16)) {
      String line;
      while ((line = readLine(in)) != null) {
        stdout.put(line);
      }
    } catch (IOException e) {
      stdoutFailure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      stdout.put(LineQueue.END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One line of UTF-8 without its terminator, or null at the end. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw new IOException("A stdout line is longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }

  private void pumpStderr() {
    try (InputStream in = new BufferedInputStream(process.getErrorStream())) {
      String line;
      while ((line = readLine(in)) != null) {
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_TAIL_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(
              line.length() > STDERR_LINE_CHARS ? line.substring(0, STDERR_LINE_CHARS) : line);
        }
      }
    } catch (IOException e) {
      // The child closed stderr or was killed: the tail holds what came before.
    }
  }

  /**
   * The next stdout line, or null at its end. Waits at most {@code deadline} (null: no limit).
   *
   * @throws ConnectorException when the deadline passes or stdout failed
   */
  String nextLine(Duration deadline) throws InterruptedException {
    long until = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
    while (true) {
      String line = stdout.poll(200);
      if (line == LineQueue.END) {
        requireStdoutRead();
        return null;
      }
      if (line != null) {
        lineNumber++;
        return line;
      }
      if (System.nanoTime() > until) {
        throw new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "Connector "
                + command.type()
                + " "
                + verb
                + " did not finish within "
                + deadline.toSeconds()
                + " s; it was stopped. Raise timeoutSeconds if it is slow");
      }
    }
  }

  /** The number of the line {@link #nextLine} returned last, from 1. */
  long lineNumber() {
    return lineNumber;
  }

  private void requireStdoutRead() {
    IOException failure = stdoutFailure;
    if (failure != null) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot read the output of connector "
              + command.type()
              + " "
              + verb
              + " after line "
              + lineNumber
              + ": "
              + ExternalText.scrub(failure.getMessage()),
          failure);
    }
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Waits for the child to exit and returns its exit code; null if it is still running. */
  Integer waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return null;
    }
    joinStderr();
    return process.exitValue();
  }

  private void joinStderr() throws InterruptedException {
    stderrPump.join(KILL_GRACE.toMillis());
  }

  /**
   * A failure for a non-zero exit: the exit code and the scrubbed tail of stderr. The tail is
   * scrubbed whatever {@code logMessages} says, since it travels to the control plane.
   */
  ConnectorException exitFailure(int exitCode) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Connector "
            + command.type()
            + " "
            + verb
            + " exited with code "
            + exitCode
            + stderrSummary());
  }

  /** The scrubbed tail of stderr, or empty; for error messages. */
  String stderrSummary() {
    List<String> tail;
    synchronized (stderrTail) {
      tail = List.copyOf(stderrTail);
    }
    if (tail.isEmpty()) {
      return "; it wrote nothing to stderr";
    }
    StringBuilder text = new StringBuilder("; the end of its stderr (scrubbed):");
    for (String line : tail) {
      String scrubbed = ExternalText.scrub(line);
      if (!scrubbed.isEmpty()) {
        text.append("\n  ").append(scrubbed);
      }
    }
    return text.length() > 4_000
        ? text.substring(0, 4_000) + " " + ExternalText.HIDDEN
        : text.toString();
  }

  /** Kills the child and its descendants, reaps them, and deletes the working folder. */
  @Override
  public void close() {
    try {
      if (process != null) {
        kill();
      }
    } finally {
      delete(folder);
    }
  }

  private void kill() {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (process.isAlive()) {
      log.info("Stopping {} {} (pid {})", command.type(), verb, process.pid());
    }
    descendants.forEach(ProcessHandle::destroy);
    process.destroy();
    boolean interrupted = Thread.interrupted();
    try {
      if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle child : descendants) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    } finally {
      closeQuietly();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The pipe is broken once the child is gone; nothing is left to flush.
    }
    stdoutPump.interrupt();
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ConnectorProcess::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Cannot delete the working folder {} of an external connector", folder);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
