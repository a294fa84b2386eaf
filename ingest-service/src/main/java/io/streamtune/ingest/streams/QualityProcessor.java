package io.streamtune.ingest.streams;

import io.streamtune.common.payload.TaskKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tallies every final outcome (clean, eval, rejected with its reason) into this task's quality
 * store and publishes the changed counters to {@code ingest.quality} once a second, keyed {@code
 * <partition>|<counter>}. Store and topic are written inside the task's exactly-once transaction,
 * so a batch replayed after an abort is counted once: its first count was rolled back with it.
 *
 * <p>Counter names: {@code outcome/<clean|eval|rejected>}, {@code reason/<code>}, {@code
 * label/<label>} (admitted label records), {@code admitted}, {@code prompt_chars} (sum of admitted
 * prompt lengths).
 */
public final class QualityProcessor implements Processor<String, Routed, String, Long> {

  /** Counter name prefixes and names. */
  public static final String OUTCOME = "outcome/",
      REASON = "reason/",
      LABEL = "label/",
      ADMITTED = "admitted",
      PROMPT_CHARS = "prompt_chars";

  private static final String OUTCOME_CLEAN = OUTCOME + "clean",
      OUTCOME_EVAL = OUTCOME + "eval",
      OUTCOME_REJECTED = OUTCOME + "rejected";

  /** Separates the task's partition from the counter name in a published key. */
  public static final char SEPARATOR = '|';

  /** How often changed counters are published: /quality is a second behind at most, plus commit. */
  static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

  private final Map<String, Long> changed = new LinkedHashMap<>();

  /**
   * The store's counts, read once in {@link #init} and kept in step by {@link #add}: a count is
   * read from here, not from the store (a key and a value serde round trip and a cache lookup per
   * counter and record). {@code init} runs again whenever the task restarts, after an exactly-once
   * abort too, and reloads it from the store restored to its last commit.
   */
  private final Map<String, Long> counts = new HashMap<>();

  private KeyValueStore<String, Long> store;
  private ProcessorContext<String, Long> context;
  private String prefix;

  @Override
  public void init(ProcessorContext<String, Long> context) {
    this.context = context;
    this.store = context.getStateStore(IngestTopology.QUALITY_STORE);
    this.prefix = context.taskId().partition() + String.valueOf(SEPARATOR);
    changed.clear();
    counts.clear();
    // publish everything once: a count committed just before a crash may not have been published
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        changed.put(kv.key, kv.value);
        counts.put(kv.key, kv.value);
      }
    }
    context.schedule(PUBLISH_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publish);
  }

  @Override
  public void process(Record<String, Routed> record) {
    Routed r = record.value();
    switch (r.target()) {
      case CLEAN, EVAL -> {
        add(r.target() == Routed.Target.EVAL ? OUTCOME_EVAL : OUTCOME_CLEAN, 1);
        add(ADMITTED, 1);
        add(PROMPT_CHARS, r.clean().prompt().length());
        if (r.clean().kind() == TaskKind.LABEL) {
          add(LABEL + r.clean().completion(), 1);
        }
      }
      default -> {
        add(OUTCOME_REJECTED, 1);
        add(REASON + r.rejected().reason(), 1);
      }
    }
  }

  private void add(String counter, long delta) {
    long now = counts.merge(counter, delta, Long::sum);
    store.put(counter, now);
    changed.put(counter, now);
  }

  private void publish(long time) {
    changed.forEach((counter, n) -> context.forward(new Record<>(prefix + counter, n, time)));
    changed.clear();
  }
}
