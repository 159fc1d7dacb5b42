package io.airlock.connectors.cdc;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * The change capture engine's offset store: in memory, seeded from the stream's saved state. The
 * engine creates it by class name, so each read registers its seed under an id passed in the
 * engine's properties ({@link #SEED_PROPERTY}) and removes it when the read ends. What the engine
 * writes here is never persisted: the source saves state through checkpoints instead, once the
 * destination has committed the records before them.
 */
public final class CdcOffsetStore implements OffsetBackingStore {
  public static final String SEED_PROPERTY = "airlock.offsets.seed";

  private static final Map<String, Map<String, ByteBuffer>> SEEDS = new ConcurrentHashMap<>();

  private final Map<String, ByteBuffer> offsets = new ConcurrentHashMap<>();

  /** Registers the offsets a read starts from, keyed by normalised JSON of the offset key. */
  public static void seed(String id, Map<String, ByteBuffer> offsets) {
    SEEDS.put(id, Map.copyOf(offsets));
  }

  public static void forget(String id) {
    SEEDS.remove(id);
  }

  @Override
  public void configure(WorkerConfig config) {
    Object id = config.originals().get(SEED_PROPERTY);
    if (id != null) {
      offsets.putAll(SEEDS.getOrDefault(id.toString(), Map.of()));
    }
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
    Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
    for (ByteBuffer key : keys) {
      ByteBuffer value = offsets.get(CdcState.normalisedKey(key));
      if (value != null) {
        found.put(key, value.duplicate());
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
    values.forEach(
        (key, value) -> {
          if (value != null) {
            offsets.put(CdcState.normalisedKey(key), value.duplicate());
          }
        });
    if (callback != null) {
      callback.onCompletion(null, null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }
}
