package io.airlock.dataplane.sync;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.protocol.lease.ErrorReport;
import java.util.StringJoiner;

/**
 * Turns failures into the error report sent to the control plane. Only a {@link
 * ConnectorException}'s message is used (connectors promise it holds no values), passed through
 * {@link ValueScrubber}; any other exception is reported as INTERNAL with its class name alone,
 * because messages of drivers and libraries can contain values.
 */
public final class ErrorReports {
  /** Kind used when a job is stopped before it ends. */
  public static final String CANCELLED = "CANCELLED";

  private ErrorReports() {}

  public static ErrorReport of(Throwable failure) {
    ConnectorException connector = connectorException(failure);
    if (connector != null) {
      return new ErrorReport(
          connector.kind().name(),
          ValueScrubber.scrub(connector.getMessage()),
          connector.retriable());
    }
    return new ErrorReport(
        ConnectorException.Kind.INTERNAL.name(),
        "Internal error in the data plane ("
            + failure.getClass().getName()
            + "); its log has the stack trace",
        false);
  }

  /** The job was stopped (data plane shutting down, or interrupted) before it ended. */
  public static ErrorReport stopped(String why) {
    return new ErrorReport(CANCELLED, why, true);
  }

  /**
   * Class names and stack frames of {@code failure} and its causes, without their messages: what
   * the data plane logs, since messages can contain values.
   */
  public static String forLog(Throwable failure) {
    StringJoiner joiner = new StringJoiner("\n");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message =
          t instanceof ConnectorException ? ": " + ValueScrubber.scrub(t.getMessage()) : "";
      joiner.add((t == failure ? "" : "Caused by: ") + t.getClass().getName() + message);
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, 12); i++) {
        joiner.add("\tat " + frames[i]);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return joiner.toString();
  }

  private static ConnectorException connectorException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectorException connector) {
        return connector;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
