package io.streamtune.reward.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamtune.reward.config.RewardConfig;
import io.streamtune.reward.scoring.RejectReason;
import io.streamtune.reward.scoring.RewardScoring;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reward service's metrics (an API: names and tags are documented in the README).
 *
 * <ul>
 *   <li>{@code streamtune.reward.score{scorer}}: distribution of each scorer's score, and of the
 *       combined reward under {@code scorer="combined"};
 *   <li>{@code streamtune.reward.score.mean|stddev{scorer}}: the same over the last window;
 *   <li>{@code streamtune.reward.outputs.scored}, {@code
 *       streamtune.reward.outputs.rejected{reason}};
 *   <li>{@code streamtune.reward.scorer.failures{scorer}}: scorer_failed rejections by scorer;
 *   <li>{@code streamtune.reward.scoring.seconds}: parse + score time of one output;
 *   <li>{@code streamtune.reward.output.age.seconds}: scoredAt − createdAt.
 * </ul>
 */
@Singleton
public class RewardMetrics {

  /** The scorer tag of the weighted reward. */
  public static final String COMBINED = "combined";

  private final MeterRegistry registry;
  private final int window;
  private final Map<String, ScorerMeters> byScorer = new ConcurrentHashMap<>();
  private final Counter scored;
  private final Map<RejectReason, Counter> rejected = new ConcurrentHashMap<>();
  private final Timer scoring;
  private final Timer age;

  @Inject
  public RewardMetrics(MeterRegistry registry, RewardConfig config) {
    this(registry, config.metrics().window());
  }

  public RewardMetrics(MeterRegistry registry, int window) {
    this.registry = registry;
    this.window = window;
    new RollingStats(window); // fails fast on a bad window
    scored =
        Counter.builder("streamtune.reward.outputs.scored")
            .description("Outputs scored and published to model.rewards")
            .register(registry);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(
          reason,
          Counter.builder("streamtune.reward.outputs.rejected")
              .description("Outputs sent to records.rejected instead of being rewarded")
              .tag("reason", reason.code())
              .register(registry));
    }
    scoring =
        timer(
            "streamtune.reward.scoring.seconds",
            "Time to parse and score one output",
            Duration.ofNanos(1_000),
            Duration.ofSeconds(10));
    age =
        timer(
            "streamtune.reward.output.age.seconds",
            "Output age when scored: scoredAt - createdAt (0 if the clocks disagree)",
            Duration.ofMillis(1),
            Duration.ofHours(1));
    meters(COMBINED);
  }

  /** Creates every scorer's meters at start-up, so dashboards see them before the first score. */
  public void registerScorers(Iterable<String> scorers) {
    scorers.forEach(this::meters);
  }

  public void scored(RewardScoring.Scores scores, long nanos, Duration outputAge) {
    scores.components().forEach((scorer, value) -> meters(scorer).record(value));
    meters(COMBINED).record(scores.reward());
    scored.increment();
    scoring.record(Duration.ofNanos(nanos));
    if (outputAge != null) {
      age.record(outputAge.isNegative() ? Duration.ZERO : outputAge);
    }
  }

  public void rejected(RejectReason reason, String scorer, long nanos) {
    rejected.get(reason).increment();
    scoring.record(Duration.ofNanos(nanos));
    if (reason == RejectReason.SCORER_FAILED && scorer != null) {
      Counter.builder("streamtune.reward.scorer.failures")
          .description("Outputs rejected because this scorer threw or answered outside [0, 1]")
          .tag("scorer", scorer)
          .register(registry)
          .increment();
    }
  }

  private ScorerMeters meters(String scorer) {
    return byScorer.computeIfAbsent(scorer, this::create);
  }

  private ScorerMeters create(String scorer) {
    RollingStats stats = new RollingStats(window);
    Gauge.builder("streamtune.reward.score.mean", stats, RollingStats::mean)
        .description("Mean score over the last reward.metrics.window outputs")
        .tag("scorer", scorer)
        .register(registry);
    Gauge.builder("streamtune.reward.score.stddev", stats, RollingStats::stddev)
        .description("Standard deviation of the score over the last reward.metrics.window outputs")
        .tag("scorer", scorer)
        .register(registry);
    DistributionSummary summary =
        DistributionSummary.builder("streamtune.reward.score")
            .description("Scores in [0, 1] by scorer; scorer=combined is the weighted reward")
            .tag("scorer", scorer)
            .serviceLevelObjectives(0.1, 0.25, 0.5, 0.75, 0.9, 1.0)
            .register(registry);
    return new ScorerMeters(summary, stats);
  }

  private record ScorerMeters(DistributionSummary summary, RollingStats stats) {
    void record(double value) {
      summary.record(value);
      stats.add(value);
    }
  }

  /** A timer with a histogram Prometheus can take quantiles of, over the range it expects. */
  private Timer timer(String name, String description, Duration min, Duration max) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(min)
        .maximumExpectedValue(max)
        .register(registry);
  }
}
