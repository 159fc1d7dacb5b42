package io.airlock.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The terminal side of the CLI's logging ({@code logback.xml}: warnings only, full details in the
 * log file).
 */
public final class ConsoleLog {
  private static final String CONSOLE_APPENDER = "CONSOLE";

  private ConsoleLog() {}

  /**
   * Stops logging to the terminal, for example while stopping: requests cut short by the shutdown
   * then fail noisily, which says nothing to the user. The log file still gets everything.
   */
  public static void mute() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.detachAppender(CONSOLE_APPENDER);
    }
  }
}
