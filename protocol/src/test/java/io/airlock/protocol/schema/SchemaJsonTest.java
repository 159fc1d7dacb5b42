package io.airlock.protocol.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.JobResult;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Catalogs and schema changes travel between the planes as JSON and come back equal. */
class SchemaJsonTest {
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aResultWithCatalogAndChangesRoundTrips() {
    CatalogType integer = new CatalogType("INTEGER", null, null, null, 4, null, false, false);
    CatalogStream stream =
        new CatalogStream(
            "patients",
            "public",
            List.of(new CatalogColumn("id", integer, false, "int4")),
            List.of("id"),
            List.of("id"));
    SchemaChange change =
        new SchemaChange(
            "public.patients",
            "id",
            SchemaChange.Kind.TYPE_CHANGED,
            integer,
            new CatalogType("INTEGER", null, null, null, null, null, false, false),
            true);
    JobResult result =
        new JobResult(
            3, JobOutcome.SUCCEEDED, List.of(), null, null, List.of(stream), List.of(change));

    JobResult back = json.readValue(json.writeValueAsString(result), JobResult.class);

    assertThat(back).isEqualTo(result);
  }

  @Test
  void sparseDocumentsGetDefaults() {
    JobResult result =
        json.readValue(
            "{\"generation\":1,\"outcome\":\"SUCCEEDED\",\"catalog\":[{\"name\":\"t\","
                + "\"columns\":[{\"name\":\"c\",\"type\":{\"kind\":\"TEXT\"},"
                + "\"nullable\":true}]}]}",
            JobResult.class);
    JobSpec spec =
        json.readValue(
            "{\"jobId\":\"" + UUID.randomUUID() + "\",\"kind\":\"DISCOVER\"}", JobSpec.class);

    assertThat(result.catalog().get(0).columns().get(0).type().kind()).isEqualTo("TEXT");
    assertThat(result.schemaChanges()).isEmpty();
    assertThat(spec.kind()).isEqualTo(JobKind.DISCOVER);
    assertThat(spec.schemaChanges()).isEqualTo(SchemaChangePolicy.PROPAGATE);
    assertThat(spec.catalog()).isEmpty();
  }

  @Test
  void changesDescribeThemselvesByNameAndType() {
    SchemaChange widened =
        new SchemaChange(
            "patients",
            "score",
            SchemaChange.Kind.TYPE_CHANGED,
            new CatalogType("DECIMAL", 10, 2, null, null, null, false, false),
            new CatalogType("DECIMAL", 12, 2, null, null, null, false, false),
            true);

    assertThat(widened.describe())
        .isEqualTo("patients.score: TYPE_CHANGED DECIMAL(10,2) -> DECIMAL(12,2) (widening)");
  }
}
