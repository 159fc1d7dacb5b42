package io.airlock.connectors.spi;

/**
 * The one exception connectors throw. Its message names what was wrong and where (stream, column,
 * file, line, row key) and never contains a record value or a secret, because it travels to the
 * control plane.
 */
public class ConnectorException extends RuntimeException {
  /** Who has to act. */
  public enum Kind {
    /** Bad configuration or bad input data: the user must fix it. */
    USER,
    /** The external system refused or failed: may succeed on retry. */
    EXTERNAL,
    /** A defect in Airlock. */
    INTERNAL
  }

  private final Kind kind;

  public ConnectorException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ConnectorException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retriable() {
    return kind == Kind.EXTERNAL;
  }
}
