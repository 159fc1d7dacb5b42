package io.airlock.controlplane.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The arguments a process was started with (without the program itself), to tell whether a recorded
 * process id still belongs to the process Airlock started.
 *
 * <p>{@link ProcessHandle.Info#arguments()} gives up on Linux when the command line is longer than
 * a memory page, as a data plane's is with its class path; {@code /proc/<pid>/cmdline} is read
 * instead where it exists.
 */
public final class ProcessArguments {
  private ProcessArguments() {}

  /** The arguments of {@code process}, if they can be read. */
  public static Optional<List<String>> of(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      List<String> words = Arrays.asList(text.split("\0"));
      if (!words.isEmpty() && !words.getFirst().isEmpty()) {
        return Optional.of(words.subList(1, words.size()));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No procfs (macOS), or the process is gone: fall back to what the JDK can tell.
    }
    return process.info().arguments().map(List::of);
  }
}
