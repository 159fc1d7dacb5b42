package io.airlock.dataplane.schema;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.protocol.schema.SchemaChange;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.util.List;

/**
 * Applies a connection's {@link SchemaChangePolicy} to the changes a sync found: PROPAGATE lets
 * additive changes through and fails on the others; PAUSE and FAIL fail on any change (the control
 * plane pauses the connection under PAUSE). The failure lists the changes by name and type.
 */
public final class SchemaPolicy {
  private static final int MAX_LISTED = 20;

  private SchemaPolicy() {}

  /** Returns when the sync may go on; throws a USER error naming the changes otherwise. */
  public static void enforce(SchemaChangePolicy policy, List<SchemaChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<SchemaChange> blocking =
        policy == SchemaChangePolicy.PROPAGATE
            ? changes.stream().filter(change -> !change.additive()).toList()
            : changes;
    if (blocking.isEmpty()) {
      return;
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER, message(policy, blocking, changes.size()));
  }

  private static String message(SchemaChangePolicy policy, List<SchemaChange> blocking, int all) {
    StringBuilder text =
        new StringBuilder("The source's schema changed since the stored catalog (")
            .append(all)
            .append(all == 1 ? " change" : " changes")
            .append("); ")
            .append(verdict(policy))
            .append(". Changes: ");
    for (int i = 0; i < Math.min(MAX_LISTED, blocking.size()); i++) {
      text.append(i == 0 ? "" : "; ").append(blocking.get(i).describe());
    }
    if (blocking.size() > MAX_LISTED) {
      text.append("; … (").append(blocking.size()).append(" in all)");
    }
    return text.append(". ").append(remedy(policy)).toString();
  }

  private static String verdict(SchemaChangePolicy policy) {
    return switch (policy) {
      case PROPAGATE ->
          "schemaChanges is PROPAGATE, which applies new columns and widened types only";
      case PAUSE -> "schemaChanges is PAUSE, so the job failed and the connection is paused";
      case FAIL -> "schemaChanges is FAIL, so the job failed";
    };
  }

  private static String remedy(SchemaChangePolicy policy) {
    String accept =
        "Review the destination table, then accept the new schema by running a discovery of the"
            + " source (airlock sources discover <source> --wait) and sync again";
    return policy == SchemaChangePolicy.PAUSE
        ? accept + "; a manual sync runs while the connection is paused"
        : accept;
  }
}
