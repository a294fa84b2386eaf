package io.streamtune.train.doctor;

/**
 * Pearson and Spearman correlation of paired series. The doctor uses Spearman (Pearson on ranks)
 * for reward vs eval accuracy: it asks "do they move together", not "linearly", and one odd
 * evaluation cannot dominate it.
 */
public final class Correlation {

  private Correlation() {}

  /** Pearson r; NaN when fewer than 3 pairs or either series is constant. */
  public static double pearson(double[] a, double[] b) {
    int n = Math.min(a.length, b.length);
    if (n < 3) {
      return Double.NaN;
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }

  /** Spearman ρ: Pearson on ranks, ties given their mean rank. */
  public static double spearman(double[] a, double[] b) {
    int n = Math.min(a.length, b.length);
    return pearson(ranks(a, n), ranks(b, n));
  }

  static double[] ranks(double[] x, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (p, q) -> Double.compare(x[p], x[q]));
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && x[idx[j + 1]] == x[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[idx[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }
}
