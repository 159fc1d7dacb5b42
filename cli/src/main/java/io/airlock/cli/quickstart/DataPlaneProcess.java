package io.airlock.cli.quickstart;

import static java.util.Objects.requireNonNull;

import io.airlock.controlplane.database.ProcessArguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data plane running as a separate JVM process ({@code io.airlock.dataplane.DataPlaneMain}),
 * started with this JVM's java binary and class path. The quickstart uses it, and so can tests that
 * need a real, separate data-plane process.
 *
 * <p>The one-time enrollment token is passed in the environment ({@code AIRLOCK_ENROLLMENT_TOKEN}),
 * not on the command line, where other users of the host could read it. Secrets the data plane
 * resolves through {@code env://} references are passed in {@link Builder#environment(String,
 * String) its environment} too.
 */
public final class DataPlaneProcess implements AutoCloseable {
  /** The main class of a data plane. */
  public static final String MAIN_CLASS = "io.airlock.dataplane.DataPlaneMain";

  /** The environment variable that carries the enrollment token to the process. */
  public static final String TOKEN_VARIABLE = "AIRLOCK_ENROLLMENT_TOKEN";

  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final Path logFile;
  private final Path pidFile;

  private DataPlaneProcess(Process process, Path logFile, Path pidFile) {
    this.process = process;
    this.logFile = logFile;
    this.pidFile = pidFile;
  }

  /** Starts describing a data plane that enrolls at {@code controlPlane} with {@code token}. */
  public static Builder builder(URI controlPlane, String token, Path workDir) {
    return new Builder(controlPlane, token, workDir);
  }

  /** The process id, for example to inspect its sockets. */
  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, if the process has ended. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** Where its standard output and error go. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of its log, to show why it stopped. */
  public List<String> logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
    }
  }

  /**
   * Asks the process to stop (SIGTERM), then kills it if it has not ended within 15 s, and removes
   * its pid file.
   */
  @Override
  public void close() {
    stop(process.toHandle());
    if (pidFile != null && readPids(pidFile).stream().findFirst().equals(Optional.of(pid()))) {
      deletePidFile(pidFile);
    }
  }

  /**
   * Stops a data plane that an earlier run, since killed, left running over {@code workDir}: the
   * process named in {@code pidFile}, but only if its command line is that of a data plane over
   * {@code workDir} and the process that started it has ended. Any other process that has the
   * recorded id is left alone. The pid file is removed unless its starter still runs.
   *
   * @return the id of the process that was stopped, if one was
   */
  public static OptionalLong stopLeftover(Path pidFile, Path workDir) {
    List<Long> recorded = readPids(pidFile);
    if (recorded.isEmpty()) {
      return OptionalLong.empty();
    }
    if (recorded.size() > 1 && isAlive(recorded.get(1))) {
      LOG.info("Data plane process {} still has its starter {}", recorded.get(0), recorded.get(1));
      return OptionalLong.empty();
    }
    OptionalLong pid = OptionalLong.of(recorded.getFirst());
    Optional<ProcessHandle> leftover =
        ProcessHandle.of(pid.getAsLong())
            .filter(ProcessHandle::isAlive)
            .filter(p -> ProcessArguments.of(p).map(a -> runsOver(a, workDir)).orElse(false));
    if (leftover.isPresent()) {
      LOG.warn(
          "Stopping data plane process {}, left running over {} by a run that was killed",
          pid.getAsLong(),
          workDir);
      stop(leftover.get());
    }
    deletePidFile(pidFile);
    return leftover.isPresent() ? pid : OptionalLong.empty();
  }

  /** Whether a command line with {@code arguments} runs a data plane over {@code workDir}. */
  static boolean runsOver(List<String> list, Path workDir) {
    int option = list.indexOf("--work-dir");
    if (!list.contains(MAIN_CLASS) || option < 0 || option + 1 >= list.size()) {
      return false;
    }
    Path named = Path.of(list.get(option + 1)).toAbsolutePath().normalize();
    return named.equals(workDir.toAbsolutePath().normalize());
  }

  private static void stop(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn(
          "Data plane process {} did not stop within {}; killing it", process.pid(), STOP_GRACE);
      process.destroyForcibly();
      process.onExit().completeOnTimeout(null, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The data plane's id, then the id of the process that started it; empty if unreadable. */
  private static List<Long> readPids(Path pidFile) {
    try {
      return Files.readAllLines(pidFile).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .map(Long::parseLong)
          .toList();
    } catch (IOException | NumberFormatException e) {
      return List.of();
    }
  }

  private static boolean isAlive(long pid) {
    return pid != ProcessHandle.current().pid()
        && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  private static void deletePidFile(Path pidFile) {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.warn("Cannot remove {}: {}", pidFile, e.getMessage());
    }
  }

  /** How to start a data-plane process. */
  public static final class Builder {
    private final URI controlPlane;
    private final String token;
    private final Path workDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> allowedPaths = new ArrayList<>();
    private String javaCommand = currentJava();
    private String classPath = System.getProperty("java.class.path");
    private Path logFile;
    private Path pidFile;
    private URI proxy;

    private Builder(URI controlPlane, String token, Path workDir) {
      this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
      this.token = requireNonNull(token, "token is null");
      this.workDir = requireNonNull(workDir, "workDir is null");
      this.logFile = workDir.resolve("dataplane.log");
    }

    /** Sets a variable of the process's environment, for example a secret for env://. */
    public Builder environment(String name, String value) {
      environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value"));
      return this;
    }

    /** Adds a JVM option, for example {@code -Xmx256m}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(requireNonNull(option, "option is null"));
      return this;
    }

    /** The class path; default: this JVM's. */
    public Builder classPath(String classPath) {
      this.classPath = requireNonNull(classPath, "classPath is null");
      return this;
    }

    /** The java binary; default: this JVM's. */
    public Builder javaCommand(String javaCommand) {
      this.javaCommand = requireNonNull(javaCommand, "javaCommand is null");
      return this;
    }

    /** Where standard output and error are appended; default: dataplane.log in the work dir. */
    public Builder logFile(Path logFile) {
      this.logFile = requireNonNull(logFile, "logFile is null");
      return this;
    }

    /**
     * A file to keep the process's id (and this JVM's) in while it runs, so that a later run can
     * stop it with {@link #stopLeftover(Path, Path)} should this JVM be killed without stopping it.
     */
    public Builder pidFile(Path pidFile) {
      this.pidFile = requireNonNull(pidFile, "pidFile is null");
      return this;
    }

    /** An HTTP proxy for the connection to the control plane. */
    /** A folder the data plane's connectors may use ({@code --allow-path}); repeatable. */
    public Builder allowPath(Path folder) {
      allowedPaths.add(requireNonNull(folder, "folder is null"));
      return this;
    }

    public Builder proxy(URI proxy) {
      this.proxy = proxy;
      return this;
    }

    /** The full command line; the token and secrets travel in the environment instead. */
    public List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(javaCommand);
      command.addAll(jvmOptions);
      command.add("-Dlogback.configurationFile=airlock-dataplane-logback.xml");
      command.add("-cp");
      command.add(classPath);
      command.add(MAIN_CLASS);
      command.add("--control-plane");
      command.add(controlPlane.toString());
      command.add("--work-dir");
      command.add(workDir.toString());
      if (!allowedPaths.isEmpty()) {
        command.add("--allow-path");
        command.add(
            String.join(
                java.io.File.pathSeparator, allowedPaths.stream().map(Path::toString).toList()));
      }
      if (proxy != null) {
        command.add("--proxy");
        command.add(proxy.toString());
      }
      return command;
    }

    /** Starts the process. */
    public DataPlaneProcess start() {
      Process process;
      try {
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.environment().putAll(environment);
        builder.environment().put(TOKEN_VARIABLE, token);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the data plane process", e);
      }
      LOG.info("Started data plane process {} (work dir {})", process.pid(), workDir);
      recordPid(process);
      return new DataPlaneProcess(process, logFile, pidFile);
    }

    private void recordPid(Process process) {
      if (pidFile == null) {
        return;
      }
      try {
        Files.createDirectories(pidFile.toAbsolutePath().getParent());
        Files.writeString(pidFile, process.pid() + "\n" + ProcessHandle.current().pid() + "\n");
      } catch (IOException e) {
        stop(process.toHandle());
        throw new UncheckedIOException("Cannot write the data plane's pid file " + pidFile, e);
      }
    }

    private static java.io.File nullDevice() {
      return new java.io.File(
          System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String currentJava() {
      return ProcessHandle.current()
          .info()
          .command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
  }
}
