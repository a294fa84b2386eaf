package io.streamtune.common;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.TrainEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic Streamtune reads or writes, declared once.
 *
 * <p>Data flows one way: {@code records.raw → ingest → records.clean / records.eval /
 * records.rejected → train → model.outputs → reward → model.rewards → train}, with {@code
 * train.events} as the trainer's log of what it did and why.
 */
public final class Topics {

  /** Producers' records as they come: any key, JSON (or arbitrary bytes) value. */
  public static final Topic<byte[], byte[]> RECORDS_RAW =
      new Topic<>("records.raw", 3, Serdes.ByteArray(), Serdes.ByteArray());

  /** Canonical, de-duplicated training records keyed by content id. */
  public static final Topic<String, CleanRecord> RECORDS_CLEAN =
      new Topic<>("records.clean", 3, Serdes.String(), JsonSerde.of(CleanRecord.class));

  /** The held-out evaluation split: same payload as clean, disjoint content. */
  public static final Topic<String, CleanRecord> RECORDS_EVAL =
      new Topic<>("records.eval", 1, Serdes.String(), JsonSerde.of(CleanRecord.class));

  /** Everything that was not admitted, with the reason and where it came from. */
  public static final Topic<String, RejectedRecord> RECORDS_REJECTED =
      new Topic<>("records.rejected", 1, Serdes.String(), JsonSerde.of(RejectedRecord.class));

  /** Completions the trainer sampled from its own model, for scoring. */
  public static final Topic<String, ModelOutput> MODEL_OUTPUTS =
      new Topic<>("model.outputs", 3, Serdes.String(), JsonSerde.of(ModelOutput.class));

  /** The loss topic: rewards for model outputs, folded into the trainer's hybrid loss. */
  public static final Topic<String, ModelReward> MODEL_REWARDS =
      new Topic<>("model.rewards", 3, Serdes.String(), JsonSerde.of(ModelReward.class));

  /** What the trainer did and why: checkpoints, hyperparameter changes, doctor findings. */
  public static final Topic<String, TrainEvent> TRAIN_EVENTS =
      new Topic<>("train.events", 1, Serdes.String(), JsonSerde.of(TrainEvent.class));

  /**
   * Ingest's running data-quality tallies, compacted: key {@code <partition>|<counter>}, value the
   * count so far, written by the ingest topology inside its exactly-once transactions and read back
   * by every ingest instance (a global table) for the application-wide {@code GET /quality}.
   */
  public static final Topic<String, Long> INGEST_QUALITY =
      new Topic<>("ingest.quality", 1, Serdes.String(), Serdes.Long());

  /** Topic configs beyond the broker's defaults, applied when Streamtune creates a topic. */
  public static final Map<String, Map<String, String>> CONFIGS =
      Map.of(INGEST_QUALITY.name(), Map.of("cleanup.policy", "compact"));

  public static final List<Topic<?, ?>> ALL =
      List.of(
          RECORDS_RAW,
          RECORDS_CLEAN,
          RECORDS_EVAL,
          RECORDS_REJECTED,
          MODEL_OUTPUTS,
          MODEL_REWARDS,
          TRAIN_EVENTS,
          INGEST_QUALITY);

  public static Optional<Topic<?, ?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private Topics() {}
}
