package io.streamtune.train.doctor;

/**
 * How noisy a loss curve is compared with how much it moves: the robust spread of the residuals
 * around the Theil–Sen line, divided (a) by the loss level and (b) by the size of the trend over
 * the window. A batch too small for its task shows residual scatter comparable to the loss itself
 * and larger than everything the trend achieved over the window: the gradient is mostly noise.
 *
 * <p>A converged curve also has a small trend; that is why the verdict needs the relative scatter
 * (a) as well, and why the doctor ignores curves whose level is below a floor (near zero loss the
 * relative scatter says nothing).
 */
public final class NoiseRatio {

  private NoiseRatio() {}

  /**
   * @param level median of the window
   * @param residualStd robust std of residuals around the Theil–Sen line
   * @param relativeNoise residualStd / level
   * @param trendChange |slope| × (n − 1): how far the trend line moved across the window
   * @param noiseToTrend residualStd / trendChange (infinite for a flat trend)
   */
  public record Result(
      double level,
      double residualStd,
      double relativeNoise,
      double trendChange,
      double noiseToTrend) {}

  public static Result of(double[] xs) {
    TrendTest.Trend t = TrendTest.of(xs);
    double[] x = java.util.Arrays.stream(xs).filter(Double::isFinite).toArray();
    double[] res = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      res[i] = x[i] - (t.intercept() + t.slope() * i);
    }
    double level = Stats.median(x);
    double rs = Stats.robustStd(res);
    double change = Math.abs(t.slope()) * Math.max(0, x.length - 1);
    double toTrend = change > 0 ? rs / change : Double.POSITIVE_INFINITY;
    double rel = level > 0 ? rs / level : Double.POSITIVE_INFINITY;
    return new Result(level, rs, rel, change, toTrend);
  }
}
