package io.airlock.connectors.http;

import io.airlock.connectors.http.StreamSpec.Pagination;
import io.airlock.connectors.spi.ConnectorException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Walks the pages of one stream read: the query parameters of the first page, then, from each
 * response, the URL of the next page or null after the last.
 *
 * <ul>
 *   <li>page: {@code param} counts up from {@code first_page}; a page with no records, or with
 *       fewer than {@code size} when a size is set, is the last;
 *   <li>offset: {@code param} grows by the records received; a page with fewer than {@code size}
 *       ({@code limit}) records is the last;
 *   <li>cursor: {@code param} is the value at {@code cursor_path} in the response; the last page
 *       has none there (absent, null or empty); a cursor repeated in a row is an error;
 *   <li>link: the {@code Link} header's {@code rel="next"} URL, which must be on the base URL's
 *       origin.
 * </ul>
 *
 * <p>A page byte for byte equal to the one before it fails the read, since an API that ignores the
 * pagination parameter would otherwise be read forever.
 */
final class Pages {
  /** Builds a stream URL from query parameters. */
  @FunctionalInterface
  interface UrlBuilder {
    URI build(Map<String, String> params);
  }

  private final Pagination pagination;
  private final Map<String, String> params;
  private final UrlBuilder urls;
  private final URI origin;
  private final String stream;
  private long number;
  private long offset;
  private String cursor;
  private byte[] previousDigest;

  Pages(
      Pagination pagination,
      Map<String, String> params,
      UrlBuilder urls,
      URI origin,
      String stream) {
    this.pagination = pagination;
    this.params = new LinkedHashMap<>(params);
    this.urls = urls;
    this.origin = origin;
    this.stream = stream;
  }

  URI first() {
    switch (pagination.kind()) {
      case PAGE -> {
        number = pagination.firstPage();
        params.put(pagination.param(), Long.toString(number));
      }
      case OFFSET -> params.put(pagination.param(), "0");
      default -> {}
    }
    if (pagination.sizeParam() != null && pagination.size() > 0) {
      params.put(pagination.sizeParam(), Integer.toString(pagination.size()));
    }
    return urls.build(params);
  }

  /** The next page's URL after {@code response} with {@code records} records, or null. */
  URI next(HttpFetcher.Response response, JsonNode body, int records) {
    refuseRepeatedPage(response);
    boolean shortPage = records == 0 || (pagination.size() > 0 && records < pagination.size());
    return switch (pagination.kind()) {
      case NONE -> null;
      case PAGE -> {
        if (shortPage) {
          yield null;
        }
        params.put(pagination.param(), Long.toString(++number));
        yield urls.build(params);
      }
      case OFFSET -> {
        if (shortPage) {
          yield null;
        }
        offset += records;
        params.put(pagination.param(), Long.toString(offset));
        yield urls.build(params);
      }
      case CURSOR -> nextCursor(body, response);
      case LINK -> nextLink(response);
    };
  }

  /**
   * Fails when a page has exactly the bytes of the page before: the API ignores the pagination
   * parameter, and the read would never end.
   */
  private void refuseRepeatedPage(HttpFetcher.Response response) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(response.body());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    if (pagination.kind() != StreamSpec.PaginationKind.NONE
        && Arrays.equals(digest, previousDigest)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream
              + ": "
              + response.uri().getPath()
              + " answered the same page twice in a row; check the stream's pagination (does the"
              + " API read parameter '"
              + (pagination.param() == null ? "Link" : pagination.param())
              + "'?)");
    }
    previousDigest = digest;
  }

  private URI nextCursor(JsonNode body, HttpFetcher.Response response) {
    JsonNode found = body.at(JsonRecords.pointer(pagination.cursorPath()));
    if (found.isMissingNode() || found.isNull() || JsonRecords.text(found).isEmpty()) {
      return null;
    }
    String next = JsonRecords.text(found);
    if (next.equals(cursor)) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Stream "
              + stream
              + ": the response to "
              + response.uri().getPath()
              + " gave the same next cursor as the page before; check the stream's cursor_path");
    }
    cursor = next;
    params.put(pagination.param(), next);
    return urls.build(params);
  }

  private URI nextLink(HttpFetcher.Response response) {
    String target = LinkHeader.next(response.headers().allValues("Link"));
    if (target == null) {
      return null;
    }
    URI next;
    try {
      next = response.uri().resolve(target);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Stream " + stream + ": the Link header of " + response.uri().getPath() + " is invalid");
    }
    if (!HttpFetcher.sameOrigin(next, origin)) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Stream "
              + stream
              + ": the next-page link of "
              + response.uri().getPath()
              + " points at another host; only links on the base URL's origin are followed");
    }
    return next;
  }
}
