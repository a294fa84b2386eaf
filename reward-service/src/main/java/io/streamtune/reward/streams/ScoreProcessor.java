package io.streamtune.reward.streams;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.RejectException;
import io.streamtune.reward.scoring.RejectReason;
import io.streamtune.reward.scoring.RewardScoring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and scores one output. Every input produces exactly one outcome: a reward keyed by
 * outputId, or a rejection keyed by its source offset. Nothing thrown here reaches Kafka Streams.
 */
final class ScoreProcessor implements Processor<String, byte[], String, Outcome> {

  /** The service name on rejected records. */
  static final String REJECTED_BY = "reward";

  private final RewardScoring scoring;
  private final RewardMetrics metrics;
  private final Clock clock;
  private final int maxCompletionChars;
  private ProcessorContext<String, Outcome> context;

  ScoreProcessor(RewardScoring scoring, RewardMetrics metrics, Clock clock, int maxChars) {
    this.scoring = scoring;
    this.metrics = metrics;
    this.clock = clock;
    this.maxCompletionChars = maxChars;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long start = System.nanoTime();
    try {
      ModelOutput output = OutputParser.parse(record.value(), maxCompletionChars);
      RewardScoring.Scores scores = scoring.score(output);
      Instant now = clock.instant();
      ModelReward reward =
          new ModelReward(
              output.outputId(),
              output.modelVersion(),
              scores.reward(),
              scores.components(),
              now,
              output.model());
      Duration age = output.createdAt() == null ? null : Duration.between(output.createdAt(), now);
      metrics.scored(scores, System.nanoTime() - start, age);
      context.forward(record.withKey(output.outputId()).withValue(new Outcome.Rewarded(reward)));
    } catch (RejectException e) {
      reject(record, e.reason(), e.getMessage(), e.scorer(), start);
    } catch (RuntimeException e) {
      // A defect outside the scorers: still one rejection, never a dead stream thread.
      reject(
          record,
          RejectReason.SCORER_FAILED,
          "scoring failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          null,
          start);
    }
  }

  private void reject(
      Record<String, byte[]> record, RejectReason reason, String detail, String scorer, long t0) {
    SourceRef source =
        context
            .recordMetadata()
            .map(m -> new SourceRef(m.topic(), m.partition(), m.offset()))
            .orElse(new SourceRef(Topics.MODEL_OUTPUTS.name(), -1, -1));
    Originals original = Originals.of(record.value());
    String fullDetail =
        original.truncated()
            ? detail + " (original cut to its first " + Originals.LIMIT + " chars/bytes)"
            : detail;
    RejectedRecord rejected =
        new RejectedRecord(
            reason.code(),
            fullDetail,
            source,
            original.text(),
            original.base64(),
            null,
            REJECTED_BY,
            clock.instant());
    metrics.rejected(reason, scorer, System.nanoTime() - t0);
    context.forward(record.withKey(source.toString()).withValue(new Outcome.Rejected(rejected)));
  }
}
