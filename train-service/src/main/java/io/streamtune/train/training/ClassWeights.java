package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class-balanced loss weights for label tasks, from the labels trained so far: a record of label l
 * weighs {@code N / (K · n_l)} (N records, K labels), so every label contributes the same total to
 * the loss however skewed the stream is, and "always answer the majority" stops being a cheap
 * minimum. Weights are clipped to {@code [1/MAX_WEIGHT, MAX_WEIGHT]}: a label seen twice must not
 * dominate a step. Generation records and untracked labels weigh 1.
 *
 * <p>The counts are part of the trainer's state, so a resumed run weighs its next batch exactly as
 * the uninterrupted run would have.
 */
final class ClassWeights {

  /** A label 1% of the stream in a 4-label task gets 25; 20 keeps one rare record's step sane. */
  static final double MAX_WEIGHT = 20;

  private final boolean enabled;
  private final Map<String, Long> counts = new TreeMap<>();

  ClassWeights(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /** Counts this batch's labels, then returns one weight per example (1 when disabled). */
  float[] weigh(List<TrainExample> batch) {
    float[] weights = new float[batch.size()];
    java.util.Arrays.fill(weights, 1f);
    if (!enabled) {
      return weights;
    }
    for (TrainExample e : batch) {
      if (e.kind() == TaskKind.LABEL && e.completion() != null) {
        counts.merge(e.completion(), 1L, Long::sum);
      }
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    int labels = counts.size();
    if (labels < 2) {
      return weights;
    }
    for (int i = 0; i < batch.size(); i++) {
      TrainExample e = batch.get(i);
      Long n = e.kind() == TaskKind.LABEL ? counts.get(e.completion()) : null;
      if (n != null) {
        double w = (double) total / ((double) labels * n);
        weights[i] = (float) Math.max(1 / MAX_WEIGHT, Math.min(MAX_WEIGHT, w));
      }
    }
    return weights;
  }

  Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  void restore(Map<String, Long> saved) {
    counts.clear();
    counts.putAll(saved);
  }
}
