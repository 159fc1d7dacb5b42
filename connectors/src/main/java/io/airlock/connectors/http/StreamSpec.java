package io.airlock.connectors.http;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.DataType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream as the YAML declares it.
 *
 * @param path path below the base URL, for example {@code /v1/customers}
 * @param params query parameters sent with every request of the stream
 * @param records where the array of records is in a response: a JSON pointer ({@code /data/items})
 *     or a dotted path ({@code data.items}); empty when the response itself is the array
 * @param columns declared columns and their types in order, or empty to infer them from a sample
 * @param sampleRecords how many records of the first page(s) the inference reads
 */
record StreamSpec(
    String name,
    String path,
    Map<String, String> params,
    String records,
    List<String> primaryKey,
    Map<String, DataType> columns,
    int sampleRecords,
    Pagination pagination,
    Incremental incremental) {
  StreamSpec {
    requireNonNull(name, "name is null");
    requireNonNull(path, "path is null");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    primaryKey = List.copyOf(primaryKey);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    requireNonNull(pagination, "pagination is null");
  }

  /** How the pages of a stream follow one another. */
  enum PaginationKind {
    NONE,
    PAGE,
    OFFSET,
    CURSOR,
    LINK
  }

  /**
   * Pagination settings; which ones apply depends on {@code kind}.
   *
   * @param param the page number, offset or cursor parameter
   * @param sizeParam the page size or limit parameter, or null to send none
   * @param size records per page; a page with fewer records is the last (PAGE, OFFSET)
   * @param firstPage the first page number (PAGE)
   * @param cursorPath where the next cursor is in a response (CURSOR)
   */
  record Pagination(
      PaginationKind kind,
      String param,
      String sizeParam,
      int size,
      int firstPage,
      String cursorPath) {
    static final Pagination NONE = new Pagination(PaginationKind.NONE, null, null, 0, 0, null);
  }

  /**
   * Incremental reads.
   *
   * @param cursorField the record field the stream's cursor follows
   * @param param the request parameter the saved cursor is sent in
   * @param start the value sent on the first read, or null to send none
   */
  record Incremental(String cursorField, String param, String start) {}
}
