package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.mappers.Mappers;
import io.airlock.dataplane.mappers.StreamMapping;
import io.airlock.dataplane.schema.CatalogMapping;
import io.airlock.dataplane.schema.DestinationEvolution;
import io.airlock.dataplane.schema.SchemaCheck;
import io.airlock.dataplane.schema.SchemaPolicy;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.schema.SchemaChange;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a SYNC job: opens the source and destination, plans the streams, builds the mappers, and
 * syncs the streams one after another through a bounded {@link StreamPipeline}. A failure in any
 * stream fails the job; the outcome is never SUCCEEDED unless every stream finished.
 */
public final class SyncEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

  private final ConnectorRegistry connectors;
  private final SyncOptions options;
  private final LocalPaths localPaths;

  /**
   * An engine whose connectors may use only the local paths {@code localPaths} allows (checked
   * before any connector is created, for every job kind).
   */
  public SyncEngine(ConnectorRegistry connectors, SyncOptions options, LocalPaths localPaths) {
    this.connectors = requireNonNull(connectors, "connectors is null");
    this.options = requireNonNull(options, "options is null");
    this.localPaths = requireNonNull(localPaths, "localPaths is null");
  }

  /**
   * Runs {@code job} on the calling thread. Never throws for a job failure: the outcome carries a
   * scrubbed {@link io.airlock.protocol.lease.ErrorReport}. Interrupting the thread stops the job.
   */
  public RunOutcome run(JobSpec job, SecretResolver secrets, JobProgress progress) {
    requireNonNull(job, "job is null");
    try {
      sync(job, secrets, progress);
      return RunOutcome.succeeded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RunOutcome.failed(ErrorReports.stopped("The job was stopped before it finished"));
    } catch (RuntimeException e) {
      if (!(e instanceof ConnectorException)) {
        LOG.warn("Job failed with an internal error:\n{}", ErrorReports.forLog(e));
      }
      return RunOutcome.failed(ErrorReports.of(e));
    }
  }

  private void sync(JobSpec job, SecretResolver secrets, JobProgress progress)
      throws InterruptedException {
    requireRunnable(job);
    if (job.kind() == JobKind.DISCOVER) {
      discover(job, secrets, progress);
      return;
    }
    try (Source source = openSource(job.source(), secrets);
        Destination destination = openDestination(job.destination(), secrets)) {
      SyncState state = new SyncState(job.state());
      List<StreamDescriptor> discovered = source.discover();
      SchemaCheck.Result schema = SchemaCheck.run(job, discovered);
      progress.discovered(schema.streams());
      progress.schemaChanged(schema.changes());
      SchemaPolicy.enforce(job.schemaChanges(), schema.changes());
      List<StreamPlan> plans =
          StreamPlanner.plan(job.streams(), discovered).stream()
              .map(
                  plan ->
                      plan.withState(
                          plan.cursorField() == null ? null : state.stream(plan.stateKey())))
              .toList();
      List<StreamDescriptor> streams = plans.stream().map(StreamPlan::stream).toList();
      Mappers mappers = Mappers.build(job.mappers(), streams, secrets);
      plans.forEach(plan -> progress.stream(plan.stream().name()));
      for (StreamPlan plan : plans) {
        syncStream(source, destination, plan, mappers, progress, state, schema.changes());
      }
    }
  }

  private void syncStream(
      Source source,
      Destination destination,
      StreamPlan plan,
      Mappers mappers,
      JobProgress progress,
      SyncState state,
      List<SchemaChange> changes)
      throws InterruptedException {
    StreamMapping mapping = mappers.forStream(plan.stream());
    requireCursorKept(plan, mapping);
    DestinationEvolution.apply(destination, plan.stream(), mapping.output(), plan.mode(), changes);
    StreamCounter counter = progress.stream(plan.stream().name());
    StreamPipeline.Checkpointer checkpointer =
        streamState -> {
          state.committed(plan.stateKey(), streamState);
          progress.checkpointed(state.encoded());
        };
    new StreamPipeline(source, destination, plan, mapping, options, counter, checkpointer).run();
    LOG.info(
        "Stream {} synced: {} records, {} bytes in {} ms",
        plan.stream().name(),
        counter.records(),
        counter.bytes(),
        counter.elapsedMillis());
  }

  /** A mapper that rewrote the cursor column would leave the destination unable to compare it. */
  private static void requireCursorKept(StreamPlan plan, StreamMapping mapping) {
    String cursor = plan.cursorField();
    if (cursor == null) {
      return;
    }
    boolean kept =
        mapping
            .output()
            .column(cursor)
            .map(c -> c.type().equals(plan.stream().column(cursor).orElseThrow().type()))
            .orElse(false);
    if (!kept) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cursor field '"
              + cursor
              + "' of stream '"
              + plan.stream().name()
              + "' is changed by a mapper; do not hash the cursor column");
    }
  }

  /** Reports the metadata of every stream the source offers; reads no record. */
  private void discover(JobSpec job, SecretResolver secrets, JobProgress progress) {
    try (Source source = openSource(job.source(), secrets)) {
      List<StreamDescriptor> streams = source.discover();
      progress.discovered(streams.stream().map(CatalogMapping::stream).toList());
      LOG.info("Discovered {} streams of source type {}", streams.size(), job.source().type());
    }
  }

  private static void requireRunnable(JobSpec job) {
    if (job.kind() == JobKind.DISCOVER) {
      if (job.source() == null) {
        throw new ConnectorException(
            ConnectorException.Kind.USER, "The DISCOVER job has no source");
      }
      return;
    }
    if (job.kind() != JobKind.SYNC) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Job kind "
              + job.kind()
              + " is not supported by this data plane yet; only SYNC and DISCOVER are");
    }
    if (job.source() == null || job.destination() == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER, "The SYNC job has no source or no destination");
    }
  }

  private Source openSource(ConnectorConfig config, SecretResolver secrets) {
    localPaths.check(config.type(), config.config());
    return connectors
        .factory(config.type())
        .createSource(new ConnectorSettings(config.type(), config.config(), secrets));
  }

  private Destination openDestination(ConnectorConfig config, SecretResolver secrets) {
    localPaths.check(config.type(), config.config());
    return connectors
        .factory(config.type())
        .createDestination(new ConnectorSettings(config.type(), config.config(), secrets));
  }
}
