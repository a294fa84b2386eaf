package io.streamtune.reward.metrics;

/**
 * Mean and standard deviation of the last {@code window} values: what a scorer rewards now, not
 * since start-up. Thread-safe; NaN while empty (Prometheus shows "no data yet").
 */
final class RollingStats {

  private final double[] values;
  private int next;
  private int size;

  RollingStats(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    this.values = new double[window];
  }

  synchronized void add(double value) {
    values[next] = value;
    next = (next + 1) % values.length;
    size = Math.min(size + 1, values.length);
  }

  synchronized double mean() {
    if (size == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return sum / size;
  }

  /** Population standard deviation of the window (two passes: no cancellation error). */
  synchronized double stddev() {
    if (size == 0) {
      return Double.NaN;
    }
    double mean = mean();
    double squares = 0;
    for (int i = 0; i < size; i++) {
      double d = values[i] - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / size);
  }
}
