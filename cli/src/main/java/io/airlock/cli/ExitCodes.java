package io.airlock.cli;

/** Exit codes of the {@code airlock} command, documented in {@code docs/cli.md}. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command failed: a sync job failed, a process could not start, a file was unreadable. */
  public static final int FAILURE = 1;

  /** The command line was invalid: unknown option, missing parameter, malformed value. */
  public static final int USAGE = 2;

  /** The control plane refused the request (4xx or 5xx); its problem detail is printed. */
  public static final int API_ERROR = 3;

  /** The control plane could not be reached, or its TLS identity could not be verified. */
  public static final int UNREACHABLE = 4;

  /** The command was interrupted (Ctrl-C) or timed out while waiting. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
