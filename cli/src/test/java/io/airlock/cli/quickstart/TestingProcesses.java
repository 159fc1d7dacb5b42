package io.airlock.cli.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Separate JVM processes for tests of what a killed quickstart leaves behind: started with this
 * JVM's java binary and class path, so that they can be killed ({@code kill -9}) like a real one.
 */
final class TestingProcesses {
  /** What a started process prints once it is ready. */
  static final String READY = "ready";

  private TestingProcesses() {}

  /**
   * Starts {@code mainClass} with {@code arguments}, its standard error appended to {@code log},
   * and returns once it printed {@link #READY} on standard output.
   *
   * @throws IllegalStateException when it ends before that
   */
  static Process startAndAwaitReady(Class<?> mainClass, Path log, String... arguments)
      throws IOException {
    List<String> command =
        new ArrayList<>(List.of(java(), "-cp", classPath(), mainClass.getName()));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals(READY)) {
        return process;
      }
    }
    throw new IllegalStateException(mainClass.getSimpleName() + " ended early; see " + log);
  }

  /** Kills {@code process} as {@code kill -9} does and waits until it is gone. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** Sleeps until it is stopped; any arguments are ignored (they only show on its command line). */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /**
   * Runs a customer database over the folder in {@code args[0]} as a quickstart does, and stops it
   * on SIGTERM; {@code kill -9} leaves it running, as it does to a quickstart's.
   */
  public static final class CustomerDatabaseOwner {
    public static void main(String[] args) throws InterruptedException {
      Path folder = Path.of(args[0]);
      CustomerDatabase database =
          CustomerDatabase.start(folder, "owner-secret", folder.resolveSibling("owner-pg.log"));
      Runtime.getRuntime().addShutdownHook(new Thread(database::close));
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
