package io.airlock.dataplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets in LISTEN state that a process owns, read from Linux's {@code /proc}: the
 * process's socket inodes ({@code /proc/PID/fd}) matched with {@code /proc/PID/net/tcp} and {@code
 * tcp6}.
 */
public final class ListeningSockets {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Local port by socket inode, for every listening TCP socket of {@code pid}. */
  public static Map<Long, Integer> of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    Set<Long> owned = socketInodes(proc.resolve("fd"));
    Map<Long, Integer> listening = new HashMap<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = proc.resolve("net").resolve(table);
      if (Files.exists(file)) {
        readTable(file, owned, listening);
      }
    }
    return listening;
  }

  private static void readTable(Path file, Set<Long> owned, Map<Long, Integer> listening) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 10 || !fields[3].equals(LISTEN)) {
          continue;
        }
        long inode = Long.parseLong(fields[9]);
        if (owned.contains(inode)) {
          String local = fields[1];
          listening.put(inode, Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Long> socketInodes(Path fdDir) {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(fdDir)) {
      fds.forEach(
          fd -> {
            try {
              Matcher matcher = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
              if (matcher.matches()) {
                inodes.add(Long.parseLong(matcher.group(1)));
              }
            } catch (IOException e) {
              // The descriptor was closed while listing; it is not a socket we care about.
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }
}
