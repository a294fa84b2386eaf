package io.streamtune.train.training;

import java.util.Locale;

/**
 * Learning rate per step: linear warmup from 0 over {@code warmupSteps}, then either constant or a
 * cosine decay to {@code minRatio · base} at {@code totalSteps} (held there afterwards, since an
 * online stream has no natural end).
 */
record LrSchedule(String kind, int warmupSteps, long totalSteps, double minRatio) {

  /** The schedule {@code settings} name. */
  static LrSchedule of(TrainerSettings settings) {
    return new LrSchedule(
        settings.schedule(),
        settings.warmupSteps(),
        settings.totalSteps(),
        settings.minLearningRateRatio());
  }

  LrSchedule {
    kind = kind == null ? "constant" : kind.trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("constant") && !kind.equals("cosine")) {
      throw new IllegalArgumentException(
          "schedule must be 'cosine' or 'constant', was '" + kind + "'");
    }
    if (kind.equals("cosine") && totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "totalSteps ("
              + totalSteps
              + ") must exceed warmupSteps ("
              + warmupSteps
              + ") for cosine");
    }
    if (minRatio < 0 || minRatio > 1) {
      throw new IllegalArgumentException("minLearningRateRatio must be in [0, 1]");
    }
  }

  /** The learning rate for 0-based step {@code step} given the base rate. */
  double at(long step, double base) {
    if (step < warmupSteps) {
      return base * (step + 1) / (warmupSteps + 1);
    }
    if (kind.equals("constant")) {
      return base;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return base * (minRatio + (1 - minRatio) * cosine);
  }
}
