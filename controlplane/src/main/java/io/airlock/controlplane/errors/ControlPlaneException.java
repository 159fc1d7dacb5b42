package io.airlock.controlplane.errors;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The root of every error the control plane raises on purpose. The message says what was wrong and
 * what to do, and never contains a secret or a record value: it is sent to the caller as the
 * problem's {@code detail}.
 */
public class ControlPlaneException extends RuntimeException {
  private final ErrorKind kind;
  private final List<FieldError> errors;

  public ControlPlaneException(ErrorKind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public ControlPlaneException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, List.of(), cause);
  }

  public ControlPlaneException(ErrorKind kind, String message, List<FieldError> errors) {
    this(kind, message, errors, null);
  }

  private ControlPlaneException(
      ErrorKind kind, String message, List<FieldError> errors, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.errors = List.copyOf(errors);
  }

  /** A 422 naming the invalid fields. */
  public static ControlPlaneException invalid(String message, List<FieldError> errors) {
    return new ControlPlaneException(ErrorKind.USER, message, errors);
  }

  /** A 404 for a resource that does not exist. */
  public static ControlPlaneException notFound(String resource, Object id) {
    return new ControlPlaneException(
        ErrorKind.NOT_FOUND, resource + " " + id + " does not exist; list them to find its id");
  }

  public ErrorKind kind() {
    return kind;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Whether trying again later may succeed. */
  public boolean retriable() {
    return kind == ErrorKind.EXTERNAL;
  }
}
