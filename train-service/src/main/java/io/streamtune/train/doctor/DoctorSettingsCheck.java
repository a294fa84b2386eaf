package io.streamtune.train.doctor;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejects invalid doctor settings at start-up, naming each property and its allowed values, so a
 * typo fails loudly instead of silencing the doctor.
 */
public final class DoctorSettingsCheck {

  private DoctorSettingsCheck() {}

  /** Every problem found, empty when the settings are valid. */
  public static List<String> problems(DoctorConfig c) {
    List<String> p = new ArrayList<>();
    DoctorConfig.Detect d = c.detect();
    atLeast(p, "detect.min-steps", d.minSteps(), 1);
    atLeast(p, "detect.window-steps", d.windowSteps(), 10);
    atLeast(p, "detect.check-every-steps", d.checkEverySteps(), 1);
    atLeast(p, "detect.clear-steps", d.clearSteps(), 1);
    atLeast(p, "detect.non-finite-window", d.nonFiniteWindow(), 1);
    atLeast(p, "detect.non-finite-max", d.nonFiniteMax(), 1);
    atLeast(p, "detect.eval-window", d.evalWindow(), 3);
    atLeast(p, "detect.clear-evals", d.clearEvals(), 1);
    atLeast(p, "detect.chance-evals", d.chanceEvals(), 1);
    atLeast(p, "detect.plateau-evals", d.plateauEvals(), 1);
    atLeast(p, "detect.reward-min", d.rewardMin(), 2);
    atLeast(p, "detect.reward-corr-evals", d.rewardCorrEvals(), 3);
    atLeast(p, "history", c.history(), 1);
    positive(p, "detect.spike-lambda", d.spikeLambda());
    positive(p, "detect.trend-z", d.trendZ());
    positive(p, "detect.eval-z", d.evalZ());
    positive(p, "detect.update-ratio-high", d.updateRatioHigh());
    nonNegative(p, "detect.spike-delta", d.spikeDelta());
    positive(p, "detect.spike-loss-floor", d.spikeLossFloor());
    nonNegative(p, "detect.update-ratio-low", d.updateRatioLow());
    nonNegative(p, "detect.reward-dead-spread", d.rewardDeadSpread());
    fraction(p, "detect.spike-alpha", d.spikeAlpha());
    fraction(p, "detect.memorize-ratio", d.memorizeRatio());
    fraction(p, "detect.duplicate-rate", d.duplicateRate());
    fraction(p, "detect.conflict-rate", d.conflictRate());
    fraction(p, "detect.reward-corr-max", d.rewardCorrMax());
    fraction(p, "detect.class-ignored-share", d.classIgnoredShare());
    fraction(p, "detect.class-ignored-recall", d.classIgnoredRecall());
    fraction(p, "detect.baseline-margin", d.baselineMargin());
    fraction(p, "detect.learnable-margin", d.learnableMargin());
    fraction(p, "detect.truncated-share", d.truncatedShare());
    fraction(p, "detect.tied-share-max", d.tiedShareMax());
    fraction(p, "detect.undertrained-drop", d.undertrainedDrop());
    nonNegative(p, "detect.baseline-loss-margin", d.baselineLossMargin());
    nonNegative(p, "detect.input-effect-min", d.inputEffectMin());
    atLeast(p, "detect.baseline-min-records", d.baselineMinRecords(), 1);
    atLeast(p, "detect.undertrained-idle-seconds", d.undertrainedIdleSeconds(), 1);
    atLeast(p, "detect.backlog-batches", d.backlogBatches(), 1);
    if (!(d.imbalanceRatio() > 1)) {
      p.add(name("detect.imbalance-ratio") + "=" + d.imbalanceRatio() + ": must be > 1");
    }
    if (!(d.rewardRecoverSpread() >= d.rewardDeadSpread())) {
      p.add(
          name("detect.reward-recover-spread")
              + " must be >= "
              + name("detect.reward-dead-spread"));
    }
    fraction(p, "act.lr-cut-factor", c.act().lrCutFactor());
    try {
      URI u = URI.create(c.quality().url());
      if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
        p.add(name("quality.url") + "=" + c.quality().url() + ": must be an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      p.add(name("quality.url") + "=" + c.quality().url() + ": must be an http(s) URL");
    }
    if (c.quality().interval().isNegative() || c.quality().interval().isZero()) {
      p.add(name("quality.interval") + " must be a positive duration, e.g. PT10S");
    }
    if (c.quality().timeout().isNegative() || c.quality().timeout().isZero()) {
      p.add(name("quality.timeout") + " must be a positive duration, e.g. PT2S");
    }
    return p;
  }

  /** Throws naming every invalid property. */
  public static void check(DoctorConfig c) {
    List<String> p = problems(c);
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("invalid doctor settings: " + String.join("; ", p));
    }
  }

  private static String name(String suffix) {
    return "train.doctor." + suffix;
  }

  private static void atLeast(List<String> p, String n, long v, long min) {
    if (v < min) {
      p.add(name(n) + "=" + v + ": must be >= " + min);
    }
  }

  private static void positive(List<String> p, String n, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      p.add(name(n) + "=" + v + ": must be a positive number");
    }
  }

  private static void nonNegative(List<String> p, String n, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      p.add(name(n) + "=" + v + ": must be >= 0");
    }
  }

  private static void fraction(List<String> p, String n, double v) {
    if (!(v > 0 && v <= 1)) {
      p.add(name(n) + "=" + v + ": must be in (0, 1]");
    }
  }
}
