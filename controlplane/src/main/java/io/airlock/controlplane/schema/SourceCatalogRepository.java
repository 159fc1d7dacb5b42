package io.airlock.controlplane.schema;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.protocol.schema.CatalogStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored source catalogs, one jsonb document of stream metadata per source. */
@Repository
public class SourceCatalogRepository {
  private static final TypeReference<List<CatalogStream>> STREAMS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public SourceCatalogRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<SourceCatalog> get(UUID sourceId) {
    return jdbc.sql("select * from source_catalogs where source_id = ?")
        .param(sourceId)
        .query(
            (row, n) ->
                new SourceCatalog(
                    uuid(row, "source_id"),
                    uuid(row, "job_id"),
                    instant(row, "updated_at"),
                    json.readValue(row.getString("streams"), STREAMS)))
        .optional();
  }

  /** Replaces the source's catalog with what a discovery found. */
  public void replace(UUID sourceId, UUID jobId, List<CatalogStream> streams) {
    jdbc.sql(
            "insert into source_catalogs (source_id, streams, job_id) values (?, ?::jsonb, ?)"
                + " on conflict (source_id) do update set streams = excluded.streams,"
                + " job_id = excluded.job_id, updated_at = now()")
        .params(sourceId, json.writeValueAsString(streams), jobId)
        .update();
  }

  /**
   * Replaces the entries of {@code streams} in the source's catalog and keeps the others, as after
   * a sync that read only some streams.
   */
  public void merge(UUID sourceId, UUID jobId, List<CatalogStream> streams) {
    List<CatalogStream> merged =
        new ArrayList<>(get(sourceId).map(SourceCatalog::streams).orElse(List.of()));
    for (CatalogStream stream : streams) {
      merged.removeIf(old -> old.qualifiedName().equals(stream.qualifiedName()));
      merged.add(stream);
    }
    replace(sourceId, jobId, merged);
  }
}
