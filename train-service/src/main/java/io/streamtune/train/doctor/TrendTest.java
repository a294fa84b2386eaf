package io.streamtune.train.doctor;

import java.util.Arrays;

/**
 * Mann–Kendall trend test with the Theil–Sen slope: a windowed, distribution-free test for "does
 * this series go up or down", robust to outliers and to the heavy-tailed noise of per-batch losses.
 * No single-threshold check on one value: every pair in the window votes.
 *
 * <p>S = Σ_{i<j} sign(x_j − x_i); under "no trend" S has mean 0 and variance n(n−1)(2n+5)/18 (ties
 * ignored, conservative); z = (S − sign S)/√var is ~N(0,1), so |z| ≥ 1.96 is a trend at the 5%
 * level. The Theil–Sen slope is the median of all pairwise slopes: the size of the trend, per index
 * step. Both are O(n²); the doctor runs them on windows of ~100 values.
 */
public final class TrendTest {

  private TrendTest() {}

  /**
   * The trend of a series.
   *
   * @param n values tested (non-finite ones dropped)
   * @param z Mann–Kendall z-score: > 0 rising, < 0 falling
   * @param slope Theil–Sen slope per index step
   * @param intercept Theil–Sen intercept: median of x_i − slope·i
   */
  public record Trend(int n, double z, double slope, double intercept) {

    public boolean rising(double zCritical) {
      return z >= zCritical;
    }

    public boolean falling(double zCritical) {
      return z <= -zCritical;
    }
  }

  /** Tests {@code xs} (in time order, equally spaced); fewer than 3 finite values give z = 0. */
  public static Trend of(double[] xs) {
    double[] x = Arrays.stream(xs).filter(Double::isFinite).toArray();
    int n = x.length;
    if (n < 3) {
      return new Trend(n, 0, 0, n == 0 ? Double.NaN : x[n - 1]);
    }
    long s = 0;
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double d = x[j] - x[i];
        s += d > 0 ? 1 : d < 0 ? -1 : 0;
        slopes[k++] = d / (j - i);
      }
    }
    double var = n * (n - 1.0) * (2.0 * n + 5) / 18.0;
    double z = s == 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(var);
    double slope = Stats.median(slopes);
    double[] intercepts = new double[n];
    for (int i = 0; i < n; i++) {
      intercepts[i] = x[i] - slope * i;
    }
    return new Trend(n, z, slope, Stats.median(intercepts));
  }
}
