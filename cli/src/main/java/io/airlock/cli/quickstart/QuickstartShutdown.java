package io.airlock.cli.quickstart;

import io.airlock.cli.ConsoleLog;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the quickstart started, stopped in reverse order exactly once: on normal exit, on failure,
 * or from the shutdown hook when the user presses Ctrl-C.
 */
final class QuickstartShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(QuickstartShutdown.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private boolean stopping;

  synchronized <T extends AutoCloseable> T register(T resource) {
    started.push(resource);
    return resource;
  }

  /** Runs {@code action} unless stopping has begun; waits while it is under way. */
  synchronized void unlessStopping(Runnable action) {
    if (!stopping) {
      action.run();
    }
  }

  /** Stops everything; first prints {@code notice} to {@code out} when anything is left to stop. */
  synchronized void closeAll(PrintWriter out, String notice) {
    if (!started.isEmpty()) {
      out.println(notice);
      out.flush();
    }
    closeAll();
  }

  synchronized void closeAll() {
    stopping = true;
    if (!started.isEmpty()) {
      ConsoleLog.mute();
    }
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Could not stop {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
