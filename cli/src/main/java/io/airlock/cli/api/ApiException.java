package io.airlock.cli.api;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.util.List;

/**
 * The control plane refused a request. Carries its RFC 9457 problem: status, title, detail and the
 * per-field errors. The message renders them for a person.
 */
public final class ApiException extends CliException {
  private final int status;
  private final String title;
  private final String detail;
  private final List<FieldError> errors;

  public ApiException(
      String request, int status, String title, String detail, List<FieldError> errors) {
    super(render(request, status, title, detail, errors), ExitCodes.API_ERROR);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
  }

  /** One entry of the problem's {@code errors} array. */
  public record FieldError(String field, String message) {}

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String render(
      String request, int status, String title, String detail, List<FieldError> errors) {
    StringBuilder text = new StringBuilder();
    text.append(request).append(" failed: ").append(status);
    if (title != null && !title.isBlank()) {
      text.append(' ').append(title);
    }
    if (detail != null && !detail.isBlank()) {
      text.append(System.lineSeparator()).append("  ").append(detail);
    }
    for (FieldError error : errors) {
      text.append(System.lineSeparator())
          .append("  - ")
          .append(error.field() == null ? "(request)" : error.field())
          .append(": ")
          .append(error.message());
    }
    if (status == 401) {
      text.append(System.lineSeparator())
          .append("  Check the admin token: --token-file, AIRLOCK_TOKEN, or the token file named")
          .append(" in $AIRLOCK_HOME/cli.properties.");
    }
    return text.toString();
  }
}
