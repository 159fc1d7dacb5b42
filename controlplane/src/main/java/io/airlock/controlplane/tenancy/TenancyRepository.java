package io.airlock.controlplane.tenancy;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Organizations, regions and workspaces. */
@Repository
public class TenancyRepository {
  static final String DEFAULT_ORGANIZATION = "default";

  private static final RowMapper<Organization> ORGANIZATION =
      (row, n) ->
          new Organization(uuid(row, "id"), row.getString("name"), instant(row, "created_at"));
  private static final RowMapper<Region> REGION =
      (row, n) ->
          new Region(
              uuid(row, "id"),
              uuid(row, "organization_id"),
              row.getString("name"),
              instant(row, "created_at"));
  private static final RowMapper<Workspace> WORKSPACE =
      (row, n) ->
          new Workspace(
              uuid(row, "id"),
              uuid(row, "organization_id"),
              uuid(row, "region_id"),
              row.getString("name"),
              instant(row, "created_at"));

  private final JdbcClient jdbc;

  public TenancyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Organization createOrganization(String name) {
    requireUnused(
        "select count(*) from organizations where name = ?", List.of(name), "Organization");
    return jdbc.sql("insert into organizations (id, name) values (?, ?) returning *")
        .params(UUID.randomUUID(), name)
        .query(ORGANIZATION)
        .single();
  }

  List<Organization> organizations() {
    return jdbc.sql("select * from organizations order by created_at, name")
        .query(ORGANIZATION)
        .list();
  }

  public Optional<Organization> organization(UUID id) {
    return jdbc.sql("select * from organizations where id = ?")
        .param(id)
        .query(ORGANIZATION)
        .optional();
  }

  UUID defaultOrganizationId() {
    return jdbc.sql("select id from organizations where name = ?")
        .param(DEFAULT_ORGANIZATION)
        .query(UUID.class)
        .single();
  }

  Region createRegion(UUID organizationId, String name) {
    requireUnused(
        "select count(*) from regions where organization_id = ? and name = ?",
        List.of(organizationId, name),
        "Region");
    return jdbc.sql("insert into regions (id, organization_id, name) values (?, ?, ?) returning *")
        .params(UUID.randomUUID(), organizationId, name)
        .query(REGION)
        .single();
  }

  List<Region> regions() {
    return jdbc.sql("select * from regions order by created_at, name").query(REGION).list();
  }

  public Optional<Region> region(UUID id) {
    return jdbc.sql("select * from regions where id = ?").param(id).query(REGION).optional();
  }

  Workspace createWorkspace(Region region, String name) {
    requireUnused(
        "select count(*) from workspaces where organization_id = ? and name = ?",
        List.of(region.organizationId(), name),
        "Workspace");
    return jdbc.sql(
            "insert into workspaces (id, organization_id, region_id, name) values (?, ?, ?, ?)"
                + " returning *")
        .params(UUID.randomUUID(), region.organizationId(), region.id(), name)
        .query(WORKSPACE)
        .single();
  }

  List<Workspace> workspaces() {
    return jdbc.sql("select * from workspaces order by created_at, name").query(WORKSPACE).list();
  }

  public Optional<Workspace> workspace(UUID id) {
    return jdbc.sql("select * from workspaces where id = ?").param(id).query(WORKSPACE).optional();
  }

  private void requireUnused(String countSql, List<?> params, String resource) {
    long count = jdbc.sql(countSql).params(params).query(Long.class).single();
    if (count > 0) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT, resource + " name is already taken here; choose another name");
    }
  }
}
