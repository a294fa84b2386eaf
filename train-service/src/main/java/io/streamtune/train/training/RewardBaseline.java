package io.streamtune.train.training;

import java.util.List;

/**
 * The REINFORCE baseline: an exponential running mean of the rewards seen so far. Before the first
 * reward it is the mean of the first batch (so the first advantages are centred, not all positive).
 */
final class RewardBaseline {

  private final double momentum;
  private double value;
  private boolean seen;

  RewardBaseline(double momentum) {
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("baselineMomentum must be in [0, 1), was " + momentum);
    }
    this.momentum = momentum;
  }

  /** The baseline to use for a batch with these rewards (before {@link #update}). */
  double valueFor(List<RewardedSample> batch) {
    return seen ? value : mean(batch);
  }

  /** Folds a batch's mean reward in after the step. */
  void update(List<RewardedSample> batch) {
    if (batch.isEmpty()) {
      return;
    }
    double mean = mean(batch);
    value = seen ? momentum * value + (1 - momentum) * mean : mean;
    seen = true;
  }

  double value() {
    return value;
  }

  boolean seen() {
    return seen;
  }

  void restore(double value, boolean seen) {
    this.value = value;
    this.seen = seen;
  }

  private static double mean(List<RewardedSample> batch) {
    return batch.stream().mapToDouble(RewardedSample::reward).average().orElse(0);
  }
}
