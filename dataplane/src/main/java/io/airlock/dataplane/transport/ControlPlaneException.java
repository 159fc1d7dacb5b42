package io.airlock.dataplane.transport;

/**
 * A call to the control plane failed. The message says what happened and what to do; it never
 * contains a secret or a record value.
 */
public final class ControlPlaneException extends RuntimeException {
  /**
   * What a revoked data plane is told. Revocation is final: the control plane issues no new token
   * for a revoked data plane, so the way back is a new registration.
   */
  public static final String REVOKED_MESSAGE =
      "This data plane was revoked, which is final; register a new data plane ('airlock"
          + " dataplanes create') and start this one again with the token that prints";

  /** What went wrong, which decides whether retrying can help. */
  public enum Reason {
    /** The network or the control plane is down or unreachable: retry later. */
    UNREACHABLE(true),
    /** The TLS handshake failed, for example because the server is not the pinned one. */
    TLS(false),
    /** 401: the token or the certificate was not accepted. */
    UNAUTHORIZED(false),
    /** 403: this data plane was revoked. */
    REVOKED(false),
    /** 409: the lease generation is stale. */
    STALE(false),
    /** Another 4xx: the request was refused. */
    REFUSED(false),
    /** 5xx or an unreadable answer: retry later. */
    SERVER(true);

    private final boolean retriable;

    Reason(boolean retriable) {
      this.retriable = retriable;
    }
  }

  private final Reason reason;
  private final int status;

  public ControlPlaneException(Reason reason, int status, String message) {
    super(message);
    this.reason = reason;
    this.status = status;
  }

  public ControlPlaneException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = 0;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status, or 0 when no response was received. */
  public int status() {
    return status;
  }

  public boolean retriable() {
    return reason.retriable;
  }
}
