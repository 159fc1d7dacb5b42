package io.airlock.controlplane.errors;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place that maps exceptions to HTTP status and RFC 9457 problem bodies. Details never echo
 * request values: framework messages that might contain them are replaced by fixed text.
 */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ControlPlaneException.class)
  ResponseEntity<Problem> controlPlane(ControlPlaneException e) {
    if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.EXTERNAL) {
      log.error("Request failed: {}", e.getMessage(), e);
    }
    return respond(Problem.of(e.kind(), e.getMessage(), e.errors()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e) {
    return respond(
        Problem.badRequest(
            "Cannot read the request body: it is not valid JSON for this operation; check it"
                + " against the OpenAPI document"));
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class
  })
  ResponseEntity<Problem> badParameter(Exception e) {
    String name =
        e instanceof MethodArgumentTypeMismatchException m
            ? m.getName()
            : ((MissingServletRequestParameterException) e).getParameterName();
    return respond(
        Problem.badRequest(
            "Invalid or missing parameter '"
                + name
                + "'; ids are UUIDs, see the OpenAPI document"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Problem> noRoute(NoResourceFoundException e) {
    return respond(
        Problem.of(ErrorKind.NOT_FOUND, "No such API route; see the OpenAPI document", List.of()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e) {
    Problem problem =
        new Problem(
            "urn:airlock:problem:method-not-allowed",
            "Method not allowed",
            405,
            "Method " + e.getMethod() + " is not allowed here; see the OpenAPI document",
            null);
    return respond(problem);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e) {
    Problem problem =
        new Problem(
            "urn:airlock:problem:unsupported-media-type",
            "Unsupported media type",
            415,
            "Send the body as application/json",
            null);
    return respond(problem);
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<Problem> duplicate(DuplicateKeyException e) {
    return respond(
        Problem.of(
            ErrorKind.CONFLICT,
            "A resource with the same name already exists here; choose another name",
            List.of()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Problem> unexpected(Exception e) {
    log.error("Request failed unexpectedly", e);
    return respond(
        Problem.of(
            ErrorKind.INTERNAL,
            "The control plane failed to handle the request; see its log",
            List.of()));
  }

  private static ResponseEntity<Problem> respond(Problem problem) {
    return ResponseEntity.status(HttpStatus.valueOf(problem.status()))
        .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
        .body(problem);
  }
}
