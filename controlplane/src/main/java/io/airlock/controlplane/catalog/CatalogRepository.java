package io.airlock.controlplane.catalog;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.uuid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Sources and destinations; their configurations are stored as jsonb. */
@Repository
public class CatalogRepository {
  private static final TypeReference<Map<String, Object>> CONFIG = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RowMapper<ConfiguredConnector> rows;

  public CatalogRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows =
        (row, n) ->
            new ConfiguredConnector(
                uuid(row, "id"),
                uuid(row, "workspace_id"),
                row.getString("name"),
                row.getString("type"),
                json.readValue(row.getString("config"), CONFIG),
                instant(row, "created_at"));
  }

  ConfiguredConnector create(ConnectorKind kind, ConfiguredConnector.Create body) {
    return jdbc.sql(
            "insert into "
                + kind.table()
                + " (id, workspace_id, name, type, config) values (?, ?, ?, ?, ?::jsonb)"
                + " returning *")
        .params(
            UUID.randomUUID(),
            body.workspaceId(),
            body.name(),
            body.type(),
            json.writeValueAsString(body.config()))
        .query(rows)
        .single();
  }

  boolean nameTaken(ConnectorKind kind, UUID workspaceId, String name) {
    return jdbc.sql("select count(*) from " + kind.table() + " where workspace_id = ? and name = ?")
            .params(workspaceId, name)
            .query(Long.class)
            .single()
        > 0;
  }

  List<ConfiguredConnector> list(ConnectorKind kind, UUID workspaceId) {
    if (workspaceId == null) {
      return jdbc.sql("select * from " + kind.table() + " order by created_at, name")
          .query(rows)
          .list();
    }
    return jdbc.sql(
            "select * from " + kind.table() + " where workspace_id = ? order by created_at, name")
        .param(workspaceId)
        .query(rows)
        .list();
  }

  /** A source or destination by id. */
  public Optional<ConfiguredConnector> get(ConnectorKind kind, UUID id) {
    return jdbc.sql("select * from " + kind.table() + " where id = ?")
        .param(id)
        .query(rows)
        .optional();
  }

  boolean usedByConnection(ConnectorKind kind, UUID id) {
    String column = kind == ConnectorKind.SOURCE ? "source_id" : "destination_id";
    return jdbc.sql("select count(*) from connections where " + column + " = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  void delete(ConnectorKind kind, UUID id) {
    jdbc.sql("delete from " + kind.table() + " where id = ?").param(id).update();
  }
}
