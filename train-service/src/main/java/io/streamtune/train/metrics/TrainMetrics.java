package io.streamtune.train.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.StepStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every metric of the train service, registered at start-up so dashboards see them before the first
 * step. Prometheus names: {@code streamtune_train_*}. Values are written by the training thread and
 * read by the scraper, hence volatile fields behind gauges.
 */
@ApplicationScoped
public class TrainMetrics {

  /** Moving-average weight of the newest step's train loss (~50-step memory). */
  static final double EMA = 0.02;

  private final MeterRegistry registry;
  private final Counter samples;
  private final Counter tokens;
  private final Counter steps;
  private final Counter nonFinite;
  private final Counter truncated;
  private final Counter rewardsUsed;
  private final Counter rewardsStale;
  private final Counter outputsPublished;
  private final Timer waitTime;
  private final Timer computeTime;
  private final Timer freshness;
  private final Timer rewardLatency;
  private final Map<String, DistributionSummary> rewardByScorer = new ConcurrentHashMap<>();
  private final Map<String, Boolean> labelGauges = new ConcurrentHashMap<>();
  private final long startedAt = System.nanoTime();

  volatile double trainLossAvg = Double.NaN;
  volatile double evalLoss = Double.NaN;
  volatile double evalAccuracy = Double.NaN;
  volatile Map<String, Double> perLabel = Map.of();
  volatile Map<String, Double> perLabelRecall = Map.of();
  volatile double balancedAccuracy = Double.NaN;
  volatile double macroF1 = Double.NaN;
  volatile double majorityShare = Double.NaN;
  volatile double learningRate = Double.NaN;
  volatile double lambda = Double.NaN;
  volatile double gradNorm = Double.NaN;
  volatile double updateRatio = Double.NaN;
  volatile double rewardLoss = 0;
  volatile double rewardShare = 0;
  volatile double lag = 0;
  volatile double samplesPerSecond = 0;
  volatile double tokensPerSecond = 0;
  volatile double currentStep = 0;
  volatile double evalExamples = 0;
  volatile Instant lastCheckpointAt;

  public TrainMetrics(MeterRegistry registry) {
    this.registry = registry;
    samples = counter("streamtune.train.samples", "records trained");
    tokens = counter("streamtune.train.tokens", "tokens trained");
    steps = counter("streamtune.train.steps", "optimizer steps");
    nonFinite =
        counter(
            "streamtune.train.nonfinite.steps",
            "steps skipped because the loss or gradient was not finite");
    truncated =
        counter(
            "streamtune.train.inputs.truncated",
            "trained records whose input exceeded the prompt budget and was cut");
    rewardsUsed = counter("streamtune.train.rewards.used", "rewards used in a step");
    rewardsStale =
        counter(
            "streamtune.train.rewards.stale",
            "rewards dropped because their output was too many steps old");
    outputsPublished =
        counter("streamtune.train.outputs.published", "outputs sent to model.outputs");
    waitTime = stepTimer("wait");
    computeTime = stepTimer("compute");
    freshness =
        Timer.builder("streamtune.train.freshness")
            .description("records.raw arrival to use in a gradient step")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    rewardLatency =
        Timer.builder("streamtune.train.reward.latency")
            .description("output published to its reward used in a step")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    gauge("streamtune.train.loss", Tags.of("split", "train"), m -> m.trainLossAvg);
    gauge("streamtune.train.loss", Tags.of("split", "eval"), m -> m.evalLoss);
    gauge("streamtune.train.eval.accuracy", Tags.empty(), m -> m.evalAccuracy);
    gauge("streamtune.train.eval.examples", Tags.empty(), m -> m.evalExamples);
    gauge("streamtune.train.eval.balanced.accuracy", Tags.empty(), m -> m.balancedAccuracy);
    gauge("streamtune.train.eval.macro.f1", Tags.empty(), m -> m.macroF1);
    gauge("streamtune.train.eval.majority.share", Tags.empty(), m -> m.majorityShare);
    gauge("streamtune.train.learning.rate", Tags.empty(), m -> m.learningRate);
    gauge("streamtune.train.lambda", Tags.empty(), m -> m.lambda);
    gauge("streamtune.train.grad.norm", Tags.empty(), m -> m.gradNorm);
    gauge("streamtune.train.update.ratio", Tags.empty(), m -> m.updateRatio);
    gauge("streamtune.train.reward.loss", Tags.empty(), m -> m.rewardLoss);
    gauge("streamtune.train.reward.share", Tags.empty(), m -> m.rewardShare);
    gauge("streamtune.train.consumer.lag.records", Tags.empty(), m -> m.lag);
    gauge("streamtune.train.samples.per.second", Tags.empty(), m -> m.samplesPerSecond);
    gauge("streamtune.train.tokens.per.second", Tags.empty(), m -> m.tokensPerSecond);
    gauge("streamtune.train.current.step", Tags.empty(), m -> m.currentStep);
    gauge("streamtune.train.checkpoint.age.seconds", Tags.empty(), TrainMetrics::checkpointAge);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private Timer stepTimer(String phase) {
    return Timer.builder("streamtune.train.step")
        .description("time per step: waiting for data, or computing")
        .tag("phase", phase)
        .register(registry);
  }

  private void gauge(String name, Tags tags, ToDoubleFunction<TrainMetrics> f) {
    Gauge.builder(name, this, f).tags(tags).register(registry);
  }

  /** Counts kept elsewhere (reader threads, the publisher, the trainer), read when scraped. */
  public record Counts(
      Supplier<Number> outputsDropped,
      Supplier<Number> rewardsReceived,
      Supplier<Number> rewardsUnmatched,
      Supplier<Number> rewardsForeign,
      Supplier<Number> rewardsClipped,
      Supplier<Number> rewardsMalformed,
      Supplier<Number> recordsUnusable,
      Supplier<Number> recordsSkipped,
      Supplier<Number> uncoveredCharacters,
      Supplier<Number> uncoveredRejected) {}

  /** Exports {@code counts} as Prometheus counters. */
  public void counters(Counts counts) {
    counter(
        "streamtune.train.outputs.dropped",
        "records for model.outputs and train.events not delivered (backlog full or broker away)",
        counts.outputsDropped());
    counter(
        "streamtune.train.rewards.received",
        "rewards read from model.rewards",
        counts.rewardsReceived());
    counter(
        "streamtune.train.rewards.unmatched",
        "rewards whose output is unknown or forgotten",
        counts.rewardsUnmatched());
    counter(
        "streamtune.train.rewards.foreign",
        "rewards for another model's outputs (variants sharing model.rewards), ignored",
        counts.rewardsForeign());
    counter(
        "streamtune.train.rewards.clipped",
        "rewards whose importance ratio left the clip range: no gradient from them",
        counts.rewardsClipped());
    counter(
        "streamtune.train.rewards.malformed",
        "unreadable or non-finite rewards",
        counts.rewardsMalformed());
    counter(
        "streamtune.train.records.unusable",
        "records.clean records without id, kind, prompt or completion",
        counts.recordsUnusable());
    counter(
        "streamtune.train.records.skipped",
        "records consumed by steps skipped as non-finite: in the ledger as skipped, not trained",
        counts.recordsSkipped());
    counter(
        "streamtune.train.inputs.uncovered.characters",
        "characters of training records the tokenizer cannot encode (train.data.uncovered)",
        counts.uncoveredCharacters());
    counter(
        "streamtune.train.inputs.uncovered.rejected",
        "training records left out for characters the tokenizer cannot encode (policy reject)",
        counts.uncoveredRejected());
  }

  private void counter(String name, String description, Supplier<Number> value) {
    FunctionCounter.builder(name, value, v -> v.get().doubleValue())
        .description(description)
        .register(registry);
  }

  /** The device as a tag: {@code streamtune_train_device_info{device="cpu()"} 1}. */
  public void device(String device) {
    Gauge.builder("streamtune.train.device.info", () -> 1).tag("device", device).register(registry);
  }

  /** Always 1: names the run (train.model.name or the pretrained folder's name) and its base. */
  public void model(String name, String base) {
    Gauge.builder("streamtune.train.model.info", () -> 1)
        .tag("model", name)
        .tag("base", base)
        .register(registry);
  }

  public void step(StepStats s, Duration wait, Duration compute, double lambdaNow) {
    steps.increment();
    waitTime.record(wait);
    computeTime.record(compute);
    currentStep = s.step();
    learningRate = s.learningRate();
    lambda = lambdaNow;
    if (s.skippedNonFinite()) {
      nonFinite.increment();
      return;
    }
    samples.increment(s.examples());
    tokens.increment(s.tokens());
    truncated.increment(s.truncated());
    trainLossAvg =
        Double.isNaN(trainLossAvg) ? s.taskLoss() : (1 - EMA) * trainLossAvg + EMA * s.taskLoss();
    gradNorm = s.gradNorm();
    updateRatio = s.updateRatio();
    rewardLoss = s.rewardLoss();
    double rewardTerm = Math.abs(s.totalLoss() - s.taskLoss());
    double denom = Math.abs(s.taskLoss()) + rewardTerm;
    rewardShare = denom > 0 ? rewardTerm / denom : 0;
    double seconds = Math.max(1e-9, (wait.toNanos() + compute.toNanos()) / 1e9);
    samplesPerSecond = 0.9 * samplesPerSecond + 0.1 * (s.examples() / seconds);
    tokensPerSecond = 0.9 * tokensPerSecond + 0.1 * (s.tokens() / seconds);
  }

  public void eval(EvalStats e, int heldOut) {
    evalLoss = e.loss();
    evalAccuracy = e.accuracy();
    evalExamples = heldOut;
    perLabel = Map.copyOf(e.labels().accuracy());
    perLabelRecall = Map.copyOf(e.labels().recall());
    balancedAccuracy = e.labels().balancedAccuracy();
    macroF1 = e.labels().macroF1();
    majorityShare = e.labels().majorityShare();
    for (String label : e.labels().recall().keySet()) {
      labelGauges.computeIfAbsent(
          label,
          l -> {
            Gauge.builder(
                    "streamtune.train.eval.label.accuracy",
                    this,
                    m -> m.perLabel.getOrDefault(l, Double.NaN))
                .description("one-vs-rest accuracy of the label on the held-out set")
                .tag("label", l)
                .register(registry);
            Gauge.builder(
                    "streamtune.train.eval.label.recall",
                    this,
                    m -> m.perLabelRecall.getOrDefault(l, Double.NaN))
                .description("share of the label's held-out records answered with it")
                .tag("label", l)
                .register(registry);
            return true;
          });
    }
  }

  public void freshness(Instant arrivedAt, Instant now) {
    if (arrivedAt != null && !arrivedAt.isAfter(now)) {
      freshness.record(Duration.between(arrivedAt, now));
    }
  }

  public void rewardUsed(
      Instant publishedAt, Instant now, Map<String, Double> components, double reward) {
    rewardsUsed.increment();
    rewardLatency.record(Duration.between(publishedAt, now));
    scorer("total").record(reward);
    components.forEach(
        (k, v) -> {
          if (v != null && Double.isFinite(v)) {
            scorer(k).record(v);
          }
        });
  }

  private DistributionSummary scorer(String name) {
    return rewardByScorer.computeIfAbsent(
        name,
        n ->
            DistributionSummary.builder("streamtune.train.reward")
                .description(
                    "reward values used in steps, per scorer (total = the combined reward)")
                .tag("scorer", n)
                .publishPercentiles(0.1, 0.5, 0.9)
                .register(registry));
  }

  public void rewardsStale(int n) {
    rewardsStale.increment(n);
  }

  public void outputsPublished(int n) {
    outputsPublished.increment(n);
  }

  public void lag(long records) {
    lag = records;
  }

  public void lambda(double l) {
    lambda = l;
  }

  public void learningRate(double lr) {
    learningRate = lr;
  }

  public void checkpointed(Instant at) {
    lastCheckpointAt = at;
  }

  /** Seconds since the last checkpoint; before the first, seconds since start (unsaved work). */
  double checkpointAge() {
    Instant at = lastCheckpointAt;
    return at != null
        ? Duration.between(at, Instant.now()).toMillis() / 1000.0
        : (System.nanoTime() - startedAt) / 1e9;
  }

  public double snapshotTrainLoss() {
    return trainLossAvg;
  }

  public double snapshotSamplesPerSecond() {
    return samplesPerSecond;
  }

  public double snapshotTokensPerSecond() {
    return tokensPerSecond;
  }

  public long snapshotLag() {
    return (long) lag;
  }

  public MeterRegistry registry() {
    return registry;
  }
}
