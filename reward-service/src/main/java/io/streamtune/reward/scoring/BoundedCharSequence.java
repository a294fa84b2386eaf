package io.streamtune.reward.scoring;

/**
 * A CharSequence that allows a bounded number of character reads, so a catastrophic regex (nested
 * quantifiers on hostile input) fails fast instead of holding a stream thread for hours.
 * java.util.regex reads its input only through {@link #charAt}; counting those reads bounds the
 * work a match can do.
 */
final class BoundedCharSequence implements CharSequence {

  /** Thrown when a match has read more characters than its budget allows. */
  static final class BudgetExceededException extends RuntimeException {
    BudgetExceededException(long budget) {
      super("regex gave up after " + budget + " character reads (catastrophic backtracking?)");
    }
  }

  private final CharSequence inner;
  private final long[] reads; // shared with sub-sequences
  private final long budget;

  BoundedCharSequence(CharSequence inner, long budget) {
    this(inner, new long[1], budget);
  }

  private BoundedCharSequence(CharSequence inner, long[] reads, long budget) {
    this.inner = inner;
    this.reads = reads;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > budget) {
      throw new BudgetExceededException(budget);
    }
    return inner.charAt(index);
  }

  @Override
  public int length() {
    return inner.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedCharSequence(inner.subSequence(start, end), reads, budget);
  }

  @Override
  public String toString() {
    return inner.toString();
  }
}
