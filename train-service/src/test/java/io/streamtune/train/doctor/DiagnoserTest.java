package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.LabelScores;
import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The doctor's judgement on synthetic training runs: each failure named, a healthy run silent. */
class DiagnoserTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final LabelScores FOUR_LABELS =
      new LabelScores(
          Map.of(),
          Map.of("sports", 0.0, "food", 0.0, "tech", 0.0, "weather", 0.0),
          Map.of(),
          Double.NaN,
          Double.NaN,
          0.25);

  private final Diagnoser d = new Diagnoser(Thresholds.defaults());
  private final Random r = new Random(42);
  private final List<Finding> raised = new ArrayList<>();
  private final List<Finding> cleared = new ArrayList<>();

  private static StepStats step(long step, double loss, double grad, double ratio, boolean skip) {
    return new StepStats(step, loss, 0, loss, grad, ratio, 1e-3, 32, 2048, 0, skip);
  }

  /** A healthy curve: loss 1.4 → 0.2 with 10% multiplicative noise, update ratio ~1e-3. */
  private double healthyLoss(long step) {
    return (0.2 + 1.2 * Math.exp(-step / 150.0)) * Math.exp(0.1 * r.nextGaussian());
  }

  private void feed(Diagnoser.Update u) {
    raised.addAll(u.raised());
    cleared.addAll(u.cleared());
  }

  private void stepHealthy(long step, List<Double> rewards) {
    feed(
        d.onStep(
            step(step, healthyLoss(step), 1.0 + 0.2 * r.nextGaussian(), 1e-3, false), rewards, T0));
  }

  private void eval(long step, double loss, double accuracy) {
    feed(d.onEval(step, new EvalStats(loss, accuracy, FOUR_LABELS, 200, 0), T0.plusSeconds(step)));
  }

  private long firstRaised(Cause c) {
    return raised.stream()
        .filter(f -> f.cause() == c)
        .mapToLong(Finding::sinceStep)
        .min()
        .orElse(-1);
  }

  @Test
  void aHealthyRunRaisesNothing() {
    for (long s = 1; s <= 2000; s++) {
      double accuracy = Math.min(0.97, 0.25 + s / 600.0);
      // A reward that scores the same thing as accuracy (label_match), with per-sample noise.
      stepHealthy(s, List.of(accuracy + 0.2 * r.nextGaussian()));
      if (s % 50 == 0) {
        double evalLoss = 0.25 + 1.2 * Math.exp(-s / 150.0) + 0.01 * r.nextGaussian();
        eval(s, evalLoss, accuracy);
      }
    }
    feed(
        d.onQuality(
            new QualitySnapshot(5000, 0.02, 0.004, Map.of("a", 1200L, "b", 1300L)), 2000, T0));
    assertEquals(List.of(), raised);
  }

  @Test
  void aLossBlowUpIsLrTooHighWithinAFewStepsAndNamesTheLastGoodStep() {
    for (long s = 1; s <= 300; s++) {
      stepHealthy(s, List.of());
    }
    for (long s = 301; s <= 320; s++) {
      feed(d.onStep(step(s, 8 * Math.exp(0.1 * r.nextGaussian()), 50, 0.2, false), List.of(), T0));
    }
    long at = firstRaised(Cause.LR_TOO_HIGH);
    assertTrue(at >= 301 && at <= 303, "raised at " + at);
    Finding f = d.active().get(Cause.LR_TOO_HIGH);
    assertTrue(d.lastGoodStep() >= 290 && d.lastGoodStep() < 301, "last good " + d.lastGoodStep());
    assertTrue(f.evidence().get("lossRiseLog") > 3, f.evidence().toString());
  }

  @Test
  void repeatedNonFiniteStepsAreLrTooHighAndTheFindingClearsAfterRecovery() {
    for (long s = 1; s <= 100; s++) {
      stepHealthy(s, List.of());
    }
    for (long s = 101; s <= 103; s++) {
      feed(d.onStep(step(s, Double.NaN, Double.NaN, 0, true), List.of(), T0));
    }
    assertEquals(103, firstRaised(Cause.LR_TOO_HIGH));
    assertEquals(100, d.lastGoodStep());
    // A rollback to step 100: the step count goes back, detectors restart, loss is healthy again.
    for (long s = 101; s <= 240; s++) {
      stepHealthy(s, List.of());
    }
    assertFalse(d.active().containsKey(Cause.LR_TOO_HIGH));
    assertEquals(1, cleared.size());
  }

  @Test
  void aFlatLossWithTinyUpdatesIsLrTooLow() {
    for (long s = 1; s <= 300; s++) {
      double loss = 1.38 * Math.exp(0.05 * r.nextGaussian());
      feed(d.onStep(step(s, loss, 0.5, 2e-7, false), List.of(), T0));
    }
    long at = firstRaised(Cause.LR_TOO_LOW);
    assertTrue(at >= 100 && at <= 130, "raised at " + at);
    assertEquals(List.of(Cause.LR_TOO_LOW), raised.stream().map(Finding::cause).toList());
  }

  @Test
  void aConvergedPlateauWithNormalUpdatesIsNotLrTooLow() {
    for (long s = 1; s <= 600; s++) {
      double loss = 0.3 * Math.exp(0.08 * r.nextGaussian());
      feed(d.onStep(step(s, loss, 0.5, 1e-3, false), List.of(), T0));
    }
    assertEquals(List.of(), raised);
  }

  @Test
  void lossNoiseAsLargeAsTheLossIsBatchTooNoisy() {
    for (long s = 1; s <= 300; s++) {
      double loss = Math.abs(1.0 - s / 1000.0 + 0.9 * r.nextGaussian()) + 0.01;
      feed(d.onStep(step(s, loss, 1.0, 1e-3, false), List.of(), T0));
    }
    long at = firstRaised(Cause.BATCH_TOO_NOISY);
    assertTrue(at >= 100 && at <= 150, "raised at " + at);
  }

  @Test
  void evalLossRisingWhileTrainLossFallsIsOverfitting() {
    long s = 0;
    for (int e = 0; e < 16; e++) {
      for (int i = 0; i < 50; i++) {
        s++;
        feed(d.onStep(step(s, 1.0 * Math.exp(-s / 300.0), 1, 1e-3, false), List.of(), T0));
      }
      double evalLoss = e < 8 ? 1.0 - 0.05 * e : 0.65 + 0.04 * (e - 7);
      eval(s, evalLoss, 0.8);
    }
    long at = firstRaised(Cause.OVERFITTING);
    assertTrue(at > 400 && at <= 600, "raised at " + at);
    assertEquals(400, d.bestEvalStep());
    assertTrue(d.active().get(Cause.OVERFITTING).evidence().get("evalLossTrendZ") >= 1.64);
  }

  @Test
  void trainLossNearZeroWhileEvalLossStaysHighIsMemorizing() {
    long s = 0;
    for (int e = 0; e < 10; e++) {
      for (int i = 0; i < 50; i++) {
        s++;
        feed(
            d.onStep(
                step(s, 0.02 * Math.exp(0.1 * r.nextGaussian()), 1, 1e-3, false), List.of(), T0));
      }
      eval(s, 0.9 + 0.02 * r.nextGaussian(), 0.5);
    }
    assertEquals(300, firstRaised(Cause.MEMORIZING));
    assertTrue(d.active().get(Cause.MEMORIZING).evidence().get("trainToEvalLoss") < 0.25);
  }

  @Test
  void accuracyStuckAtChanceWithAFlatLossIsDataConflicts() {
    for (long s = 1; s <= 600; s++) {
      feed(
          d.onStep(step(s, 0.2 * Math.exp(0.1 * r.nextGaussian()), 1, 1e-3, false), List.of(), T0));
      if (s % 50 == 0) {
        eval(s, 0.2, 0.25 + 0.03 * r.nextGaussian());
      }
    }
    // 3 evals at chance (50, 100, 150) with chance-min-steps (100) trained
    assertEquals(150, firstRaised(Cause.DATA_CONFLICTS));
    assertEquals(0.25, d.active().get(Cause.DATA_CONFLICTS).evidence().get("chanceAccuracy"));
  }

  @Test
  void qualityNumbersRaiseDataFindingsAndClearWithHysteresis() {
    var bad = new QualitySnapshot(1000, 0.4, 0.12, Map.of("a", 900L, "b", 50L));
    feed(d.onQuality(bad, 10, T0));
    assertEquals(
        List.of(Cause.DATA_DUPLICATES, Cause.CLASS_IMBALANCE, Cause.DATA_CONFLICTS),
        raised.stream().map(Finding::cause).toList());
    assertEquals(
        0.88,
        d.active().get(Cause.DATA_CONFLICTS).evidence().get("maxAccuracyFromConflicts"),
        1e-9);
    // Just under the limits: still active (clears only below 80% of each limit).
    feed(d.onQuality(new QualitySnapshot(2000, 0.27, 0.045, Map.of("a", 900L, "b", 100L)), 20, T0));
    assertEquals(3, d.active().size());
    feed(d.onQuality(new QualitySnapshot(4000, 0.1, 0.01, Map.of("a", 900L, "b", 800L)), 30, T0));
    feed(d.onQuality(new QualitySnapshot(4000, 0.1, 0.01, Map.of("a", 900L, "b", 800L)), 40, T0));
    assertEquals(Map.of(), d.active());
    assertEquals(3, cleared.size());
    assertTrue(cleared.stream().allMatch(f -> !f.active()));
  }

  @Test
  void tooFewRecordsSayNothingAboutQuality() {
    feed(d.onQuality(new QualitySnapshot(50, 0.5, 0.5, Map.of("a", 40L, "b", 1L)), 1, T0));
    assertEquals(List.of(), raised);
  }

  @Test
  void aConstantRewardIsDeadAndRecoversWhenItSpreadsAgain() {
    for (long s = 1; s <= 40; s++) {
      stepHealthy(s, List.of(1.0));
    }
    assertEquals(32, firstRaised(Cause.REWARD_DEAD));
    for (long s = 41; s <= 50; s++) {
      stepHealthy(s, List.of(r.nextDouble()));
    }
    assertFalse(d.active().containsKey(Cause.REWARD_DEAD));
  }

  @Test
  void rewardUpWhileAccuracyDownIsRewardHacking() {
    long s = 0;
    for (int e = 0; e < 8; e++) {
      for (int i = 0; i < 20; i++) {
        s++;
        stepHealthy(s, List.of(0.3 + 0.08 * e + 0.05 * r.nextGaussian()));
      }
      eval(s, 0.5, 0.9 - 0.05 * e);
    }
    assertTrue(firstRaised(Cause.REWARD_HACKING) > 0);
    assertFalse(d.active().containsKey(Cause.REWARD_UNCORRELATED));
  }

  @Test
  void accuracyRisingWithARandomRewardIsRewardUncorrelated() {
    long s = 0;
    double[] rewardByEval = {0.5, 0.2, 0.6, 0.3, 0.55, 0.25, 0.5, 0.35, 0.45, 0.3};
    for (int e = 0; e < rewardByEval.length; e++) {
      for (int i = 0; i < 20; i++) {
        s++;
        stepHealthy(s, List.of(rewardByEval[e] + 0.01 * r.nextGaussian()));
      }
      eval(s, 0.5, 0.4 + 0.05 * e);
    }
    assertTrue(firstRaised(Cause.REWARD_UNCORRELATED) > 0, raised.toString());
  }
}
