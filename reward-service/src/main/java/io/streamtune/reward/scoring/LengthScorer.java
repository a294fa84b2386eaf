package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.reward.config.RewardConfig.LengthUnit;

/**
 * 1.0 inside a target length range [min, max]; outside, a Gaussian fall-off {@code exp(-d²/2t²)}
 * with d the distance to the range and t the tolerance: smooth, never negative, never a cliff.
 */
public final class LengthScorer implements Scorer {

  private final LengthUnit unit;
  private final int min;
  private final int max;
  private final double tolerance;

  public LengthScorer(LengthUnit unit, int min, int max, double tolerance) {
    if (min < 0 || max < min || !(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "length range needs 0 <= min <= max and a finite tolerance > 0, got min="
              + min
              + " max="
              + max
              + " tolerance="
              + tolerance);
    }
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.tolerance = tolerance;
  }

  @Override
  public String name() {
    return ScorerNames.LENGTH;
  }

  @Override
  public double score(ModelOutput output) {
    long n = length(output.completion(), unit);
    long distance = n < min ? min - n : Math.max(0, n - max);
    double z = distance / tolerance;
    return Math.exp(-0.5 * z * z);
  }

  /** Code points, or runs of non-whitespace; null counts as empty. */
  static long length(String text, LengthUnit unit) {
    if (text == null) {
      return 0;
    }
    if (unit == LengthUnit.CHARS) {
      return text.codePointCount(0, text.length());
    }
    long tokens = 0;
    boolean inToken = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
      if (!space && !inToken) {
        tokens++;
      }
      inToken = !space;
      i += Character.charCount(cp);
    }
    return tokens;
  }
}
