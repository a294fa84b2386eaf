package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalChecks;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.LabelScores;
import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The #13 findings on synthetic runs of a 70/30 two-label task: the majority yardstick, a class
 * ignored, the learnability probe's two verdicts, truncation, the swap test, a used-up stream; and
 * the calibrated step checks (a pass boundary is not divergence, a reward with λ = 0 is not
 * judged). Each failure is named; the healthy run beside it stays silent.
 */
class ModelChecksTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final EvalObserved.Stream FLOWING = new EvalObserved.Stream(0, 40, 0, 5000, 100);

  private final Diagnoser d = new Diagnoser(Thresholds.defaults());
  private final Random r = new Random(7);
  private final List<Finding> raised = new ArrayList<>();

  private void feed(Diagnoser.Update u) {
    raised.addAll(u.raised());
  }

  private Set<String> raisedCauses() {
    return raised.stream().map(f -> f.cause().id()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static StepStats step(long s, double loss) {
    return new StepStats(s, loss, 0, loss, 1, 1e-3, 1e-3, 32, 2048, 0, false);
  }

  /** 200 held-out records, 140 "ham" and 60 "spam"; the model answers with these recalls. */
  private static LabelScores scores(double hamRecall, double spamRecall) {
    int hamHit = (int) Math.round(140 * hamRecall);
    int spamHit = (int) Math.round(60 * spamRecall);
    Map<String, Map<String, Integer>> c = new TreeMap<>();
    c.put("ham", Map.of("ham", hamHit, "spam", 140 - hamHit));
    c.put("spam", Map.of("spam", spamHit, "ham", 60 - spamHit));
    return LabelScores.of(c);
  }

  private static EvalStats eval(double loss, LabelScores s, EvalChecks checks, double truncated) {
    double accuracy =
        (s.confusion().get("ham").get("ham") + s.confusion().get("spam").get("spam")) / 200.0;
    return new EvalStats(loss, accuracy, s, 200, truncated, checks);
  }

  private static EvalChecks checks(double swapEffect, double tiedShare) {
    return new EvalChecks(swapEffect, tiedShare, 200, 80, 128, Double.NaN, 0);
  }

  private static Baseline baseline(double accuracy, long records) {
    return new Baseline(records, 0, accuracy, 0.7, Double.NaN, 200, 0);
  }

  /**
   * Steps 1..steps with a falling or flat train loss; an evaluation every 50 steps from {@code
   * at.apply(step)}.
   */
  private void run(int steps, java.util.function.LongFunction<Object[]> at) {
    for (long s = 1; s <= steps; s++) {
      feed(d.onStep(step(s, 0.3 * Math.exp(0.1 * r.nextGaussian())), List.of(), T0));
      if (s % 50 == 0) {
        Object[] x = at.apply(s);
        feed(
            d.onEval(
                s,
                (EvalStats) x[0],
                (Baseline) x[1],
                (EvalObserved.Stream) x[2],
                T0.plusSeconds(s)));
      }
    }
  }

  @Test
  void aHealthyRunOnSkewedLabelsBesideItsBaselineRaisesNothing() {
    run(
        1000,
        s -> {
          double learned = Math.min(1, s / 400.0);
          LabelScores sc = scores(0.9 + 0.07 * learned, 0.2 + 0.7 * learned);
          double loss = 0.3 + 0.4 * Math.exp(-s / 200.0) + 0.005 * r.nextGaussian();
          return new Object[] {
            eval(loss, sc, checks(0.1 + 0.4 * learned, 0.0), 0.3), baseline(0.93, s * 32), FLOWING
          };
        });
    assertEquals(Set.of(), raisedCauses());
  }

  /** The #13 email run: always the majority label, accuracy 0.70 = the majority share. */
  @Test
  void alwaysAnsweringTheMajorityIsClassIgnoredAndBehindTheBaseline() {
    run(
        300,
        s ->
            new Object[] {
              eval(0.61, scores(1.0, 0.0), checks(0.004, 0.0), 0.2), baseline(0.95, s * 32), FLOWING
            });
    assertTrue(raisedCauses().containsAll(Set.of("class_ignored", "model_behind_baseline")));
    assertFalse(raisedCauses().contains("not_learnable"));
    assertFalse(raisedCauses().contains("input_ignored"), "a class ignored, not a shortcut");
    Map<String, Double> e = d.active().get(Cause.CLASS_IGNORED).evidence();
    assertEquals(0.3, e.get("label.spam.share"), 1e-9);
    assertEquals(0.0, e.get("label.spam.recall"));
    assertEquals(60.0, e.get("confusion.spam->ham"));
    assertEquals(0.7, e.get("majorityShare"), 1e-9);
    assertEquals(0.5, e.get("balancedAccuracy"), 1e-9);
    Map<String, Double> b = d.active().get(Cause.MODEL_BEHIND_BASELINE).evidence();
    assertEquals(0.25, b.get("gap"), 1e-9);
    assertEquals(1.0, b.get("pointsToClassIgnored"));
    assertEquals(0.0, b.get("pointsToTruncation"));
  }

  @Test
  void labelsTheBaselineCannotLearnEitherAreNotLearnable() {
    run(
        300,
        s ->
            new Object[] {
              eval(0.61, scores(0.95, 0.06), checks(0.01, 0.0), 0.2),
              baseline(0.68, s * 32),
              FLOWING
            });
    assertEquals(Set.of("not_learnable"), raisedCauses());
    Map<String, Double> e = d.active().get(Cause.NOT_LEARNABLE).evidence();
    assertEquals(0.68, e.get("baselineAccuracy"));
    assertEquals(0.7, e.get("chanceAccuracy"), 1e-9);
  }

  /** #9's leak: p = 0.5 / 0.5 for every long input. */
  @Test
  void everyLabelScoringAlikeIsInputIgnored() {
    run(
        300,
        s ->
            new Object[] {
              eval(0.69, scores(1.0, 0.0), checks(0.0, 0.9), 0.9), baseline(0.95, s * 32), FLOWING
            });
    assertTrue(raisedCauses().contains("input_ignored"), raisedCauses().toString());
    assertFalse(raisedCauses().contains("class_ignored"), "ties are a shortcut");
    Map<String, Double> e = d.active().get(Cause.INPUT_IGNORED).evidence();
    assertEquals(0.9, e.get("tiedShare"));
    assertEquals(0.0, e.get("swapEffect"));
  }

  @Test
  void mostInputsCutWhileTheBaselineReadsThemWholeIsInputsTruncated() {
    EvalObserved.Stream cut = new EvalObserved.Stream(0, 40, 0, 5000, 4200);
    run(
        300,
        s ->
            new Object[] {
              eval(0.5, scores(0.9, 0.5), checks(0.2, 0.0), 0.85), baseline(0.95, s * 32), cut
            });
    assertTrue(raisedCauses().containsAll(Set.of("inputs_truncated", "model_behind_baseline")));
    Map<String, Double> e = d.active().get(Cause.INPUTS_TRUNCATED).evidence();
    assertEquals(0.84, e.get("truncatedShare"), 1e-9);
    assertEquals(80.0, e.get("medianInputTokens"));
    assertEquals(128.0, e.get("contextLength"));
    assertEquals(
        1.0, d.active().get(Cause.MODEL_BEHIND_BASELINE).evidence().get("pointsToTruncation"));
  }

  /**
   * Most inputs cut and the model trailing the baseline, though still creeping up: the cut text is
   * never read however long it trains, so truncation is named without waiting for a plateau.
   */
  @Test
  void mostInputsCutWhileStillImprovingIsInputsTruncatedButNotYetBehind() {
    EvalObserved.Stream cut = new EvalObserved.Stream(0, 40, 0, 5000, 4200);
    run(
        400,
        s ->
            new Object[] {
              eval(
                  0.6 - s / 2000.0,
                  scores(0.8 + s / 4000.0, 0.2 + s / 1000.0),
                  checks(0.2, 0),
                  0.85),
              baseline(0.95, s * 32),
              cut
            });
    assertTrue(raisedCauses().contains("inputs_truncated"), raisedCauses().toString());
    assertFalse(raisedCauses().contains("model_behind_baseline"), raisedCauses().toString());
  }

  /**
   * Most inputs cut with the model level with the baseline: still named (nothing else says the
   * model never reads the rest), with a gap of 0 in the evidence.
   */
  @Test
  void mostInputsCutWhileLevelWithTheBaselineIsNamedWithNoGap() {
    EvalObserved.Stream cut = new EvalObserved.Stream(0, 40, 0, 5000, 4200);
    run(
        400,
        s ->
            new Object[] {
              eval(0.3, scores(0.95, 0.9), checks(0.3, 0), 0.85), baseline(0.935, s * 32), cut
            });
    assertTrue(raisedCauses().contains("inputs_truncated"), raisedCauses().toString());
    assertFalse(raisedCauses().contains("model_behind_baseline"), raisedCauses().toString());
    assertEquals(0.0, d.active().get(Cause.INPUTS_TRUNCATED).evidence().get("gap"), 1e-9);
  }

  /** Inputs that fit (a fifth cut) are not a finding. */
  @Test
  void aFewInputsCutIsNotAFinding() {
    EvalObserved.Stream few = new EvalObserved.Stream(0, 40, 0, 5000, 1000);
    run(
        400,
        s ->
            new Object[] {
              eval(0.3, scores(0.95, 0.9), checks(0.3, 0), 0.2), baseline(0.935, s * 32), few
            });
    assertFalse(raisedCauses().contains("inputs_truncated"), raisedCauses().toString());
  }

  /** Still improving: behind the baseline now, but closing the gap, so not yet a finding. */
  @Test
  void aModelStillClosingTheGapIsNotBehind() {
    run(
        400,
        s ->
            new Object[] {
              eval(
                  0.6 - s / 2000.0,
                  scores(0.8 + s / 4000.0, 0.2 + s / 1000.0),
                  checks(0.2, 0),
                  0.2),
              baseline(0.95, s * 32),
              FLOWING
            });
    assertFalse(raisedCauses().contains("model_behind_baseline"), raisedCauses().toString());
  }

  /**
   * Held-out accuracy at evaluation k (every 50 steps) from {@code accuracies}, ham recall 0.9 and
   * the rest from spam; eval loss flat at 0.5, the baseline at 0.95.
   */
  private void runAccuracies(double[] accuracies) {
    run(
        50 * accuracies.length,
        s -> {
          double a = accuracies[(int) (s / 50) - 1];
          double spamRecall = (Math.round(200 * a) - 126) / 60.0;
          return new Object[] {
            eval(0.5, scores(0.9, spamRecall), checks(0.2, 0), 0.2), baseline(0.95, s * 32), FLOWING
          };
        });
  }

  /**
   * The scorecard's healthy real-text runs: a model that trails the baseline and rises too slowly
   * for a 6-point trend test over its noise, but still sets a new best accuracy every 1–3
   * evaluations, is still learning, not behind.
   */
  @Test
  void aSlowNoisyLearnerStillSettingBestsIsNotBehind() {
    runAccuracies(
        new double[] {0.72, 0.70, 0.74, 0.71, 0.73, 0.75, 0.72, 0.74, 0.76, 0.73, 0.75, 0.77});
    assertFalse(raisedCauses().contains("model_behind_baseline"), raisedCauses().toString());
  }

  /** The same noise with no new best after the third evaluation: stuck, so behind. */
  @Test
  void theSameNoiseWithoutANewBestIsBehind() {
    runAccuracies(
        new double[] {0.72, 0.70, 0.74, 0.71, 0.73, 0.72, 0.73, 0.71, 0.72, 0.73, 0.70, 0.72});
    assertTrue(raisedCauses().contains("model_behind_baseline"), raisedCauses().toString());
  }

  @Test
  void aStreamUsedUpWhileEvalLossStillFallsIsUndertrained() {
    long s = 0;
    for (int e = 0; e < 6; e++) {
      for (int i = 0; i < 50; i++) {
        feed(d.onStep(step(++s, 0.5 - e * 0.05), List.of(), T0));
      }
      EvalStats ev = eval(0.7 - 0.05 * e, scores(0.9, 0.4 + 0.05 * e), checks(0.2, 0), 0.2);
      feed(d.onEval(s, ev, baseline(0.95, s * 32), FLOWING, T0));
    }
    assertFalse(raisedCauses().contains("undertrained"), "the stream still flows");
    EvalStats last = eval(0.45, scores(0.9, 0.65), checks(0.2, 0), 0.2);
    feed(d.onEval(s, last, baseline(0.95, s * 32), FLOWING, T0));
    feed(d.onEval(s, last, baseline(0.95, s * 32), new EvalObserved.Stream(0, 0, 10, 9600, 0), T0));
    assertFalse(raisedCauses().contains("undertrained"), "idle 10 s is a pause, not the end");
    feed(d.onEval(s, last, baseline(0.95, s * 32), new EvalObserved.Stream(0, 0, 40, 9600, 0), T0));
    assertTrue(raisedCauses().contains("undertrained"), raisedCauses().toString());
    assertEquals(40.0, d.active().get(Cause.UNDERTRAINED).evidence().get("idleSeconds"));
  }

  @Test
  void chanceIsTheMajorityShareNotOneOverTheLabels() {
    for (long s = 1; s <= 300; s++) {
      feed(d.onStep(step(s, 0.6 * Math.exp(0.05 * r.nextGaussian())), List.of(), T0));
      if (s % 50 == 0) {
        feed(d.onEval(s, eval(0.61, scores(1.0, 0.05), checks(0.01, 0), 0.2), T0));
      }
    }
    // no baseline: accuracy 0.715 is within the margin of the 0.70 majority, so data_conflicts
    Finding f = d.active().get(Cause.DATA_CONFLICTS);
    assertEquals(0.7, f.evidence().get("chanceAccuracy"), 1e-9);
    assertEquals(0.7, f.evidence().get("majorityShare"), 1e-9);
    assertTrue(f.evidence().containsKey("macroF1"));
  }

  /**
   * A memorized pass (loss ~0.01) and then the next pass's loss jump: with the pass known, the jump
   * is new data, not divergence; the same curve with no pass change is lr_too_high.
   */
  @Test
  void aLossJumpAtAPassBoundaryIsNotDivergence() {
    Diagnoser unaware = new Diagnoser(Thresholds.defaults());
    List<Finding> unawareRaised = new ArrayList<>();
    for (long s = 1; s <= 300; s++) {
      int pass = s <= 150 ? 0 : 1;
      double loss = s <= 150 ? 0.01 : 0.02 + 0.8 * Math.exp(-(s - 150) / 20.0);
      loss *= Math.exp(0.1 * r.nextGaussian());
      feed(d.onStep(step(s, loss), List.of(), new Diagnoser.StepContext(pass, 0, 32, 0), T0));
      unawareRaised.addAll(unaware.onStep(step(s, loss), List.of(), T0).raised());
    }
    assertFalse(raisedCauses().contains("lr_too_high"), raisedCauses().toString());
    assertTrue(
        unawareRaised.stream().anyMatch(f -> f.cause() == Cause.LR_TOO_HIGH),
        "without the pass the same jump reads as divergence");
  }

  /** A backlog arriving (lag up by 10+ batches) is new data too. */
  @Test
  void aLossJumpWhenABacklogArrivesIsNotDivergence() {
    for (long s = 1; s <= 300; s++) {
      long lag = s <= 150 ? 0 : 3000;
      double loss = s <= 150 ? 0.01 : 0.02 + 0.8 * Math.exp(-(s - 150) / 20.0);
      loss *= Math.exp(0.1 * r.nextGaussian());
      feed(d.onStep(step(s, loss), List.of(), new Diagnoser.StepContext(0, lag, 32, 0), T0));
    }
    assertFalse(raisedCauses().contains("lr_too_high"), raisedCauses().toString());
  }

  /**
   * A backlog read partition by partition: the loss fell on one partition's records, then the next
   * partition starts (DoctorTinyDatasetIT saw it at step 92 and cut the rate twice).
   */
  @Test
  void aLossJumpWhenAQuietPartitionStartsIsNotDivergence() {
    for (long s = 1; s <= 300; s++) {
      double loss = s <= 150 ? 0.01 : 0.02 + 0.8 * Math.exp(-(s - 150) / 20.0);
      loss *= Math.exp(0.1 * r.nextGaussian());
      feed(
          d.onStep(step(s, loss), List.of(), new Diagnoser.StepContext(0, 0, 32, 0, s == 151), T0));
    }
    assertFalse(raisedCauses().contains("lr_too_high"), raisedCauses().toString());
  }
}
