package io.streamtune.reward.streams;

import io.streamtune.common.Topics;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.RewardScoring;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The reward service's whole data flow, as one pure function:
 *
 * <pre>
 * model.outputs (bytes) → parse defensively → score → model.rewards      (key: outputId)
 *                                               └──→ records.rejected   (key: source offset)
 * </pre>
 *
 * Stateless per record: it scales by partitions of {@code model.outputs} and instances. Values are
 * read as bytes and parsed here, so a malformed value becomes a rejected record instead of a
 * deserialization error that stops the stream.
 */
public final class RewardTopology {

  private RewardTopology() {}

  public static Topology build(
      StreamsBuilder builder,
      RewardScoring scoring,
      RewardMetrics metrics,
      Clock clock,
      int maxCompletionChars) {
    KStream<String, Outcome> outcomes =
        builder.stream(
                Topics.MODEL_OUTPUTS.name(),
                Consumed.with(Topics.MODEL_OUTPUTS.keySerde(), Serdes.ByteArray())
                    .withName("model-outputs"))
            .process(
                () -> new ScoreProcessor(scoring, metrics, clock, maxCompletionChars),
                Named.as("score"));
    outcomes
        .split(Named.as("outcome-"))
        .branch(
            (key, outcome) -> outcome instanceof Outcome.Rewarded,
            Branched.withConsumer(
                rewards ->
                    rewards
                        .mapValues(o -> ((Outcome.Rewarded) o).reward(), Named.as("reward"))
                        .to(
                            Topics.MODEL_REWARDS.name(),
                            Produced.with(
                                    Topics.MODEL_REWARDS.keySerde(),
                                    Topics.MODEL_REWARDS.valueSerde())
                                .withName("model-rewards")),
                "rewarded"))
        .defaultBranch(
            Branched.withConsumer(
                rejected ->
                    rejected
                        .mapValues(o -> ((Outcome.Rejected) o).rejected(), Named.as("rejection"))
                        .to(
                            Topics.RECORDS_REJECTED.name(),
                            Produced.with(
                                    Topics.RECORDS_REJECTED.keySerde(),
                                    Topics.RECORDS_REJECTED.valueSerde())
                                .withName("records-rejected")),
                "rejected"));
    return builder.build();
  }
}
