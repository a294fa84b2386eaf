package io.streamtune.train.doctor;

import java.util.Arrays;

/** Small robust statistics on arrays; NaN for empty input. */
public final class Stats {

  private Stats() {}

  /** The median (mean of the middle two for even lengths); sorts a copy. */
  public static double median(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  public static double mean(double[] xs) {
    return xs.length == 0 ? Double.NaN : Arrays.stream(xs).sum() / xs.length;
  }

  /** Population standard deviation. */
  public static double std(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / xs.length);
  }

  /** 1.4826 × median absolute deviation: a standard deviation that ignores outliers. */
  public static double robustStd(double[] xs) {
    double m = median(xs);
    double[] dev = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      dev[i] = Math.abs(xs[i] - m);
    }
    return 1.4826 * median(dev);
  }
}
