package io.airlock.cli;

/**
 * An error the user can act on. Its message says what was wrong and what to do; the CLI prints it
 * without a stack trace and exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.FAILURE, null);
  }

  public CliException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  public CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
