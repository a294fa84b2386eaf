package io.streamtune.train.doctor;

/**
 * Page-Hinkley test for an upward shift in the mean of a series (Page 1954; Hinkley 1971; the
 * fading-mean form of Gama et al. 2013). Each value x adds {@code x − mean − delta} to a cumulative
 * sum m; the test alarms when {@code m − min(m) > lambda}. The reference mean is an exponentially
 * weighted mean so that a slowly falling training loss does not hide a spike late in a run (with
 * the all-time mean, the early high losses would mask it).
 *
 * <p>Feed it log-losses: a shift of 1 in log space is a ×2.7 jump at any loss scale, so one set of
 * parameters fits every model and tokenizer.
 *
 * <ul>
 *   <li>{@code delta}: the rise tolerated per value without counting (noise allowance, in the
 *       series' units). It also sets the drift that keeps healthy noise from accumulating.
 *   <li>{@code lambda}: the alarm threshold; larger = fewer false alarms, longer delay.
 *   <li>{@code alpha}: weight of the newest value in the reference mean (memory ≈ 1/alpha).
 *   <li>{@code maxIncrement}: cap on one value's contribution, so a single outlier (one bad batch)
 *       cannot raise the alarm alone: it takes more than lambda / maxIncrement elevated values.
 *   <li>{@code minSamples}: values seen before an alarm may be raised (the mean must settle).
 * </ul>
 *
 * <p>The statistic is capped at 2·lambda so an alarm ends soon after the series settles.
 */
public final class PageHinkley {

  private final double delta;
  private final double lambda;
  private final double alpha;
  private final double maxIncrement;
  private final int minSamples;

  private long n;
  private double mean;
  private double cum;
  private double min;
  private long stepAtMin;
  private long lastStep;

  public PageHinkley(
      double delta, double lambda, double alpha, double maxIncrement, int minSamples) {
    if (!(delta >= 0) || !(lambda > 0) || !(alpha > 0 && alpha <= 1) || !(maxIncrement > 0)) {
      throw new IllegalArgumentException(
          "Page-Hinkley needs delta >= 0, lambda > 0, 0 < alpha <= 1, maxIncrement > 0");
    }
    this.delta = delta;
    this.lambda = lambda;
    this.alpha = alpha;
    this.maxIncrement = maxIncrement;
    this.minSamples = minSamples;
  }

  /**
   * Adds a value observed at {@code step}; non-finite values are ignored (they are counted
   * elsewhere). Returns true while the test is in alarm.
   */
  public boolean add(double x, long step) {
    if (!Double.isFinite(x)) {
      return alarm();
    }
    lastStep = step;
    if (n == 0) {
      mean = x;
      stepAtMin = step;
    }
    n++;
    // Compare with the mean before this value: a jump counts fully on its first step.
    cum += Math.min(maxIncrement, x - mean - delta);
    mean += alpha * (x - mean);
    if (cum < min) {
      min = cum;
      stepAtMin = step;
    }
    // Cap the statistic at twice the threshold: once the series settles or recovers, the alarm
    // ends within ~lambda/delta values instead of lingering for as long as the rise lasted.
    min = Math.max(min, cum - 2 * lambda);
    return alarm();
  }

  /** True when the cumulative rise above the running mean exceeds lambda. */
  public boolean alarm() {
    return n >= minSamples && statistic() > lambda;
  }

  /** The test statistic m − min(m), in the series' units. */
  public double statistic() {
    return cum - min;
  }

  /**
   * The last step before the shift began: where the cumulative sum was lowest. A rollback to at
   * most this step lands on weights from before the rise.
   */
  public long lastStepBeforeChange() {
    return stepAtMin;
  }

  /** The reference mean the next value is compared with. */
  public double mean() {
    return mean;
  }

  public long samples() {
    return n;
  }

  public long lastStep() {
    return lastStep;
  }

  /** Starts over (after the doctor acted, the old regime is no reference). */
  public void reset() {
    n = 0;
    cum = 0;
    min = 0;
    mean = 0;
    stepAtMin = 0;
  }
}
