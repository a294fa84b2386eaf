package io.streamtune.ingest.metrics;

import io.streamtune.ingest.streams.IngestTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The whole application's quality tallies, read from this instance's copy of {@code ingest.quality}
 * (a global table every instance holds): the same answer on every instance, counting each input
 * once even when a batch was replayed after an exactly-once abort.
 */
@ApplicationScoped
public class ClusterQuality {

  private final Instance<KafkaStreams> streams;

  public ClusterQuality(Instance<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The application-wide tallies, or empty while the table cannot be read (starting, moving). */
  public Optional<QualityStats.Snapshot> snapshot() {
    if (!streams.isResolvable()) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, Long> table =
          streams
              .get()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      IngestTopology.QUALITY_TABLE, QueryableStoreTypes.keyValueStore()));
      Map<String, Long> published = new HashMap<>();
      try (KeyValueIterator<String, Long> it = table.all()) {
        while (it.hasNext()) {
          KeyValue<String, Long> kv = it.next();
          published.put(kv.key, kv.value);
        }
      }
      return Optional.of(QualityStats.ofCounters(published));
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** The report: application-wide when readable, else this instance's own tallies, said so. */
  public QualityReport report(QualityStats local) {
    return snapshot()
        .map(s -> QualityReport.of(s, QualityReport.APPLICATION))
        .orElseGet(() -> QualityReport.of(local.snapshot(), QualityReport.INSTANCE));
  }
}
