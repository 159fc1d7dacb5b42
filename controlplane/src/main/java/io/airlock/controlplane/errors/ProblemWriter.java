package io.airlock.controlplane.errors;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem bodies from servlet filters, where no controller advice applies. */
@Component
public class ProblemWriter {
  private final JsonMapper json;

  public ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  /** Writes the problem for {@code kind} and commits the response. */
  public void write(HttpServletResponse response, ErrorKind kind, String detail)
      throws IOException {
    Problem problem = Problem.of(kind, detail, List.of());
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
