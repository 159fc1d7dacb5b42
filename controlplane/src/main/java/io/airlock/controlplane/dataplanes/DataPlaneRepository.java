package io.airlock.controlplane.dataplanes;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.parameter;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.controlplane.auth.DataPlaneRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Data planes and their enrollment tokens (stored as SHA-256 hashes). */
@Repository
public class DataPlaneRepository implements DataPlaneRegistry {
  private static final RowMapper<DataPlane> DATA_PLANE =
      (row, n) ->
          new DataPlane(
              uuid(row, "id"),
              uuid(row, "region_id"),
              row.getString("name"),
              DataPlane.Status.valueOf(row.getString("status")),
              instant(row, "certificate_not_after"),
              instant(row, "last_seen_at"),
              instant(row, "created_at"));

  private final JdbcClient jdbc;

  public DataPlaneRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  DataPlane create(UUID regionId, String name) {
    return jdbc.sql(
            "insert into data_planes (id, region_id, name, status) values (?, ?, ?, 'PENDING')"
                + " returning *")
        .params(UUID.randomUUID(), regionId, name)
        .query(DATA_PLANE)
        .single();
  }

  boolean nameTaken(UUID regionId, String name) {
    return jdbc.sql("select count(*) from data_planes where region_id = ? and name = ?")
            .params(regionId, name)
            .query(Long.class)
            .single()
        > 0;
  }

  List<DataPlane> list() {
    return jdbc.sql("select * from data_planes order by created_at, name").query(DATA_PLANE).list();
  }

  Optional<DataPlane> get(UUID id) {
    return jdbc.sql("select * from data_planes where id = ?")
        .param(id)
        .query(DATA_PLANE)
        .optional();
  }

  /** Replaces any unused token of the data plane by a new one. */
  void replaceToken(UUID dataPlaneId, String tokenHash, Instant expiresAt) {
    jdbc.sql("delete from enrollment_tokens where data_plane_id = ? and used_at is null")
        .param(dataPlaneId)
        .update();
    jdbc.sql(
            "insert into enrollment_tokens (id, data_plane_id, token_hash, expires_at)"
                + " values (?, ?, ?, ?)")
        .params(UUID.randomUUID(), dataPlaneId, tokenHash, parameter(expiresAt))
        .update();
  }

  /** Marks an unused, unexpired token used and returns its data plane; one caller wins. */
  Optional<UUID> consumeToken(String tokenHash) {
    return jdbc.sql(
            "update enrollment_tokens set used_at = now()"
                + " where token_hash = ? and used_at is null and expires_at > now()"
                + " returning data_plane_id")
        .param(tokenHash)
        .query(UUID.class)
        .optional();
  }

  /** Why a token cannot be consumed: its expiry and use, if it exists at all. */
  Optional<TokenState> tokenState(String tokenHash) {
    return jdbc.sql("select expires_at, used_at from enrollment_tokens where token_hash = ?")
        .param(tokenHash)
        .query((row, n) -> new TokenState(instant(row, "expires_at"), instant(row, "used_at")))
        .optional();
  }

  void activate(UUID id, String hostname, Instant certificateNotAfter) {
    jdbc.sql(
            "update data_planes set status = 'ACTIVE', hostname = coalesce(?, hostname),"
                + " certificate_not_after = ?, last_seen_at = now()"
                + " where id = ? and status <> 'REVOKED'")
        .params(hostname, parameter(certificateNotAfter), id)
        .update();
  }

  void certificateRenewed(UUID id, Instant certificateNotAfter) {
    jdbc.sql("update data_planes set certificate_not_after = ? where id = ?")
        .params(parameter(certificateNotAfter), id)
        .update();
  }

  /** Revokes the data plane, drops its unused tokens and lets its leases expire now. */
  void revoke(UUID id) {
    jdbc.sql("update data_planes set status = 'REVOKED' where id = ?").param(id).update();
    jdbc.sql("delete from enrollment_tokens where data_plane_id = ? and used_at is null")
        .param(id)
        .update();
    jdbc.sql(
            "update jobs set lease_expires_at = now()"
                + " where data_plane_id = ? and status = 'RUNNING'")
        .param(id)
        .update();
  }

  @Override
  public Optional<Registration> find(UUID dataPlaneId) {
    return jdbc.sql(
            "select d.status, d.region_id, r.name as region_name"
                + " from data_planes d join regions r on r.id = d.region_id where d.id = ?")
        .param(dataPlaneId)
        .query(
            (row, n) ->
                new Registration(
                    row.getString("status"), uuid(row, "region_id"), row.getString("region_name")))
        .optional();
  }

  @Override
  public void seen(UUID dataPlaneId) {
    jdbc.sql("update data_planes set last_seen_at = now() where id = ?")
        .param(dataPlaneId)
        .update();
  }

  /** When an enrollment token expires, and when it was used (null if never). */
  record TokenState(Instant expiresAt, Instant usedAt) {}
}
