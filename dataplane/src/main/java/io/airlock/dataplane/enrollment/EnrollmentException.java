package io.airlock.dataplane.enrollment;

/** The data plane cannot enroll or cannot use its stored enrollment; the message says why. */
public final class EnrollmentException extends RuntimeException {
  public EnrollmentException(String message) {
    super(message);
  }

  public EnrollmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
