package io.streamtune.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.ingest.metrics.QualityStats;
import io.streamtune.sample.MessyStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The quality counters go round the topology: tallied per task, published to ingest.quality, read
 * back into the global table that /quality reads, with the same numbers as the outcomes.
 */
class QualityTopologyTest {

  @Test
  void thePublishedCountersAddUpToEveryOutcome() {
    MessyStream messy = new MessyStream(3);
    try (Harness h = new Harness()) {
      for (int i = 0; i < 600; i++) {
        h.send(messy.next().value());
      }
      h.driver.advanceWallClockTime(Duration.ofSeconds(2)); // the publishing punctuation
      h.drain();
      QualityStats.Snapshot s = QualityStats.ofCounters(table(h));
      assertEquals(600, s.total());
      assertEquals(h.cleanSeen.size(), s.outcome("clean"));
      assertEquals(h.evalSeen.size(), s.outcome("eval"));
      assertEquals(h.rejectedSeen.size(), s.outcome("rejected"));
      Map<String, Long> reasons = new TreeMap<>();
      h.rejectedSeen.forEach(r -> reasons.merge(r.reason(), 1L, Long::sum));
      assertEquals(reasons, s.reasons());
      Map<String, Long> labels = new TreeMap<>();
      h.cleanSeen.forEach(r -> labels.merge(r.completion(), 1L, Long::sum));
      h.evalSeen.forEach(r -> labels.merge(r.completion(), 1L, Long::sum));
      assertEquals(labels, s.labels());
      long chars =
          h.cleanSeen.stream().mapToLong(r -> r.prompt().length()).sum()
              + h.evalSeen.stream().mapToLong(r -> r.prompt().length()).sum();
      assertEquals(chars, s.promptCharsSum());

      h.send("{\"text\":\"one more about the rain\",\"label\":\"weather\"}");
      h.driver.advanceWallClockTime(Duration.ofSeconds(2));
      assertEquals(601, QualityStats.ofCounters(table(h)).total(), "a change is published");
    }
  }

  private static Map<String, Long> table(Harness h) {
    KeyValueStore<String, Long> table = h.driver.getKeyValueStore(IngestTopology.QUALITY_TABLE);
    Map<String, Long> out = new HashMap<>();
    try (KeyValueIterator<String, Long> it = table.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }
}
