package io.streamtune.train.loop;

import io.streamtune.train.config.TrainConfig;
import io.streamtune.train.metrics.TrainMetrics;
import io.streamtune.train.outputs.RewardGate;
import io.streamtune.train.outputs.RewardJoiner;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.OnlineTrainer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * What GET /train/status answers ({@link TrainStatus}) and the reward loop's health (a status field
 * and a readiness detail): read from the parts {@link TrainingService} built and the metrics, never
 * waiting for the training thread.
 */
@ApplicationScoped
public class TrainStatusView {

  private final TrainingService service;
  private final TrainConfig config;
  private final TrainMetrics metrics;

  public TrainStatusView(TrainingService service, TrainConfig config, TrainMetrics metrics) {
    this.service = service;
    this.config = config;
    this.metrics = metrics;
  }

  /** ok, idle: ..., or degraded: no rewards for N s (see {@link RewardGate#health}). */
  public String rewardHealth() {
    return RewardGate.health(
        Instant.now(),
        service.sampler().firstPublishedAt(),
        service.rewards().lastRewardAt(),
        config.rewards().degradedAfterSeconds());
  }

  public TrainStatus status() {
    TrainingLoop l = service.loop();
    OnlineTrainer t = service.builtTrainer();
    RewardJoiner rewards = service.rewards();
    EvalStats e = l == null ? null : l.lastEval;
    TrainStatus.Rewards r =
        new TrainStatus.Rewards(
            rewardHealth(),
            service.sampler().published(),
            rewards.received(),
            l == null ? 0 : l.used,
            l == null ? 0 : l.stale,
            rewards.unmatched(),
            rewards.lastRewardAt());
    return new TrainStatus(
        service.modelName(),
        service.state(),
        t == null ? null : t.device(),
        t == null || l == null ? 0 : t.progress().steps(),
        l == null ? 0 : l.samplesSeen,
        finite(metrics.snapshotTrainLoss()),
        e == null ? null : finite(e.loss()),
        e == null ? null : finite(e.accuracy()),
        e == null ? Map.of() : e.labels().accuracy(),
        e == null ? Map.of() : e.labels().recall(),
        e == null ? null : finite(e.labels().balancedAccuracy()),
        e == null ? null : finite(e.labels().macroF1()),
        e == null ? null : finite(e.labels().majorityShare()),
        service.heldOutExamples(),
        service.labels(),
        t == null ? config.optimizer().learningRate() : t.hyperparameters().learningRate(),
        t == null ? config.optimizer().weightDecay() : t.hyperparameters().weightDecay(),
        t == null ? config.rewards().lambda() : t.hyperparameters().lambda(),
        service.batchSize().get(),
        metrics.snapshotSamplesPerSecond(),
        metrics.snapshotTokensPerSecond(),
        metrics.snapshotLag(),
        l == null ? null : l.lastCheckpoint,
        r,
        t == null ? 0 : t.parameterCount(),
        t == null ? 0 : t.trainableParameterCount(),
        inputs(t),
        baseline(l));
  }

  private static TrainStatus.Baseline baseline(TrainingLoop l) {
    Baseline b = l == null ? Baseline.NONE : l.probe.last();
    return new TrainStatus.Baseline(
        b.labelRecords(),
        b.generationRecords(),
        finite(b.accuracy()),
        finite(b.majorityShare()),
        finite(b.lossPerByte()));
  }

  private TrainStatus.Inputs inputs(OnlineTrainer t) {
    long seen = t == null ? 0 : t.progress().inputsSeen();
    long cut = t == null ? 0 : t.progress().inputsTruncated();
    return new TrainStatus.Inputs(
        seen, cut, seen == 0 ? null : (double) cut / seen, config.data().truncation());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null; // JSON has no NaN
  }
}
