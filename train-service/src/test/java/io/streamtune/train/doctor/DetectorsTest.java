package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each detector fires on its pattern and stays silent on healthy noise (seeded series). */
class DetectorsTest {

  /** A falling loss curve in log space with per-batch noise: what a healthy run looks like. */
  private static double[] healthyLogLoss(int n, double noise, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.log(0.2 + 1.2 * Math.exp(-i / 150.0)) + noise * r.nextGaussian();
    }
    return x;
  }

  private static PageHinkley spikeDetector() {
    Thresholds t = Thresholds.defaults();
    return new PageHinkley(
        t.spikeDelta(), t.spikeLambda(), t.spikeAlpha(), 0.6 * t.spikeLambda(), 1);
  }

  @Test
  void pageHinkleyIsSilentOnHealthyNoiseAcrossSeeds() {
    for (long seed = 1; seed <= 20; seed++) {
      PageHinkley ph = spikeDetector();
      double[] x = healthyLogLoss(2000, 0.15, seed);
      for (int i = 0; i < x.length; i++) {
        assertFalse(ph.add(x[i], i + 1), "false alarm at step " + (i + 1) + " seed " + seed);
      }
    }
  }

  @Test
  void pageHinkleyFiresWithinFewStepsOfASustainedJumpAndLocatesIt() {
    PageHinkley ph = spikeDetector();
    double[] x = healthyLogLoss(600, 0.15, 7);
    int firedAt = -1;
    long change = -1;
    for (int i = 0; i < x.length; i++) {
      double v = i >= 400 ? x[i] + 1.5 : x[i]; // ×4.5 loss from step 401 on
      if (ph.add(v, i + 1) && firedAt < 0) {
        firedAt = i + 1;
        change = ph.lastStepBeforeChange();
      }
    }
    assertTrue(firedAt > 400 && firedAt <= 405, "fired at " + firedAt);
    assertTrue(Math.abs(change - 400) <= 2, "change at " + change);
  }

  @Test
  void pageHinkleyIgnoresOneOutlierBatchButNotTwo() {
    PageHinkley one = spikeDetector();
    double[] x = healthyLogLoss(300, 0.05, 3);
    boolean fired = false;
    for (int i = 0; i < x.length; i++) {
      fired |= one.add(i == 200 ? x[i] + 5 : x[i], i + 1);
    }
    assertFalse(fired, "a single outlier must not alarm");
    PageHinkley two = spikeDetector();
    fired = false;
    for (int i = 0; i < x.length; i++) {
      fired |= two.add(i == 200 || i == 201 ? x[i] + 5 : x[i], i + 1);
    }
    assertTrue(fired, "two consecutive ×150 losses must alarm");
  }

  @Test
  void pageHinkleyAlarmEndsAfterTheSeriesSettles() {
    PageHinkley ph = spikeDetector();
    for (int i = 0; i < 100; i++) {
      ph.add(0, i);
    }
    for (int i = 100; i < 110; i++) {
      ph.add(2, i);
    }
    assertTrue(ph.alarm());
    for (int i = 110; i < 200; i++) {
      ph.add(0, i);
    }
    assertFalse(ph.alarm());
  }

  private static StepSignals stepSignals() {
    return new StepSignals(Thresholds.defaults());
  }

  private static io.streamtune.train.training.StepStats step(long s, double loss) {
    return new io.streamtune.train.training.StepStats(
        s, loss, 0, loss, 1, 1e-3, 1e-3, 32, 2048, 0, false);
  }

  /**
   * A fitted model's loss wanders between 0.02 and 0.2 nats (a learned shortcut or majority, as on
   * the scorecard's label_leak run): ×10 in log space, but not divergence, thanks to the floor.
   */
  @Test
  void aFittedModelsTinyLossesFlickeringIsNotDivergence() {
    for (long seed = 1; seed <= 10; seed++) {
      StepSignals s = stepSignals();
      Random r = new Random(seed);
      for (long i = 1; i <= 600; i++) {
        double loss = i < 100 ? 0.7 * Math.exp(-i / 30.0) : r.nextBoolean() ? 0.02 : 0.2;
        s.add(step(i, loss));
        assertFalse(s.diverging(false), "false divergence at step " + i + " seed " + seed);
      }
    }
  }

  /** The same fitted model blowing up (0.05 → 2-5 nats) is still divergence, within 3 steps. */
  @Test
  void aFittedModelsLossJumpingToNatsIsDivergence() {
    StepSignals s = stepSignals();
    long firedAt = -1;
    for (long i = 1; i <= 400 && firedAt < 0; i++) {
      double loss = i <= 300 ? 0.05 : 2 + 3 * ((i % 2 == 0) ? 1 : 0);
      s.add(step(i, loss));
      if (s.diverging(false)) {
        firedAt = i;
      }
    }
    assertTrue(firedAt > 300 && firedAt <= 303, "fired at " + firedAt);
    assertTrue(s.lastGoodStep() <= 300, "last good step " + s.lastGoodStep());
  }

  @Test
  void mannKendallSeesTrendsAndNotNoise() {
    Random r = new Random(5);
    double[] down = new double[100];
    double[] flat = new double[100];
    for (int i = 0; i < 100; i++) {
      down[i] = 1.0 - 0.003 * i + 0.05 * r.nextGaussian();
      flat[i] = 1.0 + 0.05 * r.nextGaussian();
    }
    TrendTest.Trend d = TrendTest.of(down);
    assertTrue(d.falling(1.96), "z=" + d.z());
    assertEquals(-0.003, d.slope(), 0.001);
    TrendTest.Trend f = TrendTest.of(flat);
    assertFalse(f.falling(1.96) || f.rising(1.96), "z=" + f.z());
    assertTrue(TrendTest.of(new double[] {1, 2, 3, 4, 5, 6}).rising(1.64));
  }

  @Test
  void mannKendallFlatNoiseFalseAlarmRateIsNearItsLevel() {
    Random r = new Random(11);
    int alarms = 0;
    for (int k = 0; k < 400; k++) {
      double[] x = new double[60];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextGaussian();
      }
      alarms += Math.abs(TrendTest.of(x).z()) >= 1.96 ? 1 : 0;
    }
    assertTrue(alarms < 40, "two-sided 5% test alarmed " + alarms + "/400 times");
  }

  @Test
  void noiseRatioSeparatesNoisyFromSmoothCurves() {
    Random r = new Random(9);
    double[] smooth = new double[100];
    double[] noisy = new double[100];
    for (int i = 0; i < 100; i++) {
      smooth[i] = 1.0 - 0.004 * i + 0.03 * r.nextGaussian();
      noisy[i] = Math.max(0.01, 1.0 - 0.001 * i + 0.8 * r.nextGaussian());
    }
    NoiseRatio.Result s = NoiseRatio.of(smooth);
    NoiseRatio.Result n = NoiseRatio.of(noisy);
    assertTrue(s.relativeNoise() < 0.1 && s.noiseToTrend() < 0.2, s.toString());
    assertTrue(n.relativeNoise() > 0.5 && n.noiseToTrend() > 1, n.toString());
  }

  @Test
  void spearmanFollowsRanksAndHandlesTiesAndConstants() {
    double[] a = {1, 2, 3, 4, 5};
    assertEquals(1.0, Correlation.spearman(a, new double[] {1, 4, 9, 16, 25}), 1e-12);
    assertEquals(-1.0, Correlation.spearman(a, new double[] {5, 4, 3, 2, 1}), 1e-12);
    assertTrue(Double.isNaN(Correlation.spearman(a, new double[] {2, 2, 2, 2, 2})));
    assertEquals(
        Correlation.pearson(new double[] {1, 2.5, 2.5, 4}, new double[] {1, 2, 3, 4}),
        Correlation.spearman(new double[] {1, 7, 7, 9}, new double[] {1, 2, 3, 4}),
        1e-12);
  }

  @Test
  void hysteresisNeedsRunsToRaiseAndToClear() {
    Hysteresis h = new Hysteresis(2, 3);
    assertEquals(Hysteresis.Change.NONE, h.update(true));
    assertEquals(Hysteresis.Change.RAISED, h.update(true));
    assertEquals(Hysteresis.Change.NONE, h.update(false));
    assertEquals(Hysteresis.Change.NONE, h.update(false));
    assertEquals(Hysteresis.Change.NONE, h.update(true));
    assertEquals(Hysteresis.Change.NONE, h.update(false));
    assertEquals(Hysteresis.Change.NONE, h.update(false));
    assertEquals(Hysteresis.Change.CLEARED, h.update(false));
  }
}
