package io.airlock.controlplane.auth;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Admin API tokens. The database holds their SHA-256 hashes only. */
@Component
public class AdminTokens {
  static final String PREFIX = "aladm_";
  private static final Logger log = LoggerFactory.getLogger(AdminTokens.class);
  private static final long CREATION_LOCK = 0x41_69_72_6c_6f_63_6bL;

  private final JdbcClient jdbc;

  public AdminTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the first admin token when none exists yet, and returns it: the only time it is ever
   * visible. Replicas starting together create one token between them.
   */
  @Transactional
  public Optional<String> createFirstIfNone() {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(CREATION_LOCK).query().singleRow();
    long existing = jdbc.sql("select count(*) from admin_tokens").query(Long.class).single();
    if (existing > 0) {
      return Optional.empty();
    }
    String token = Tokens.random(PREFIX);
    jdbc.sql("insert into admin_tokens (id, token_hash) values (?, ?)")
        .params(UUID.randomUUID(), Tokens.hash(token))
        .update();
    log.info("Created the first admin token");
    return Optional.of(token);
  }

  /** Whether {@code token} is a current admin token. */
  public boolean valid(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return false;
    }
    return jdbc.sql("select count(*) from admin_tokens where token_hash = ?")
            .param(Tokens.hash(token))
            .query(Long.class)
            .single()
        > 0;
  }
}
