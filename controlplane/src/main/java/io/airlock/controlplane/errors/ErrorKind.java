package io.airlock.controlplane.errors;

/** The category of a control-plane error; {@link ProblemHandler} maps each to one HTTP status. */
public enum ErrorKind {
  /** The caller sent something invalid (422, or 400 for malformed input). */
  USER(422, "Invalid request"),
  /** The caller is not authenticated (401). */
  AUTH(401, "Authentication required"),
  /** The caller is authenticated but may not do this (403). */
  FORBIDDEN(403, "Forbidden"),
  /** The resource does not exist (404). */
  NOT_FOUND(404, "Not found"),
  /** The request conflicts with the current state (409). */
  CONFLICT(409, "Conflict"),
  /** A system the control plane depends on failed (502). */
  EXTERNAL(502, "External system failed"),
  /** A defect or an unexpected state in the control plane (500). */
  INTERNAL(500, "Internal error");

  private final int status;
  private final String title;

  ErrorKind(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The problem type URI of this kind. */
  public String type() {
    return "urn:airlock:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
