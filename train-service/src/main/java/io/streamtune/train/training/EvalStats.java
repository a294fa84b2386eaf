package io.streamtune.train.training;

/**
 * Held-out evaluation. {@code accuracy} is the exact-match share over every held-out record
 * (predicted label for label tasks, greedy completion for generations); {@code labels} holds the
 * label task's recall, one-vs-rest accuracy, balanced accuracy, macro-F1 and majority share. {@code
 * truncatedShare} is the share of held-out inputs longer than the prompt budget; {@code checks}
 * what the learning doctor reads (does the answer depend on the input, generation loss per byte).
 */
public record EvalStats(
    double loss,
    double accuracy,
    LabelScores labels,
    int examples,
    double truncatedShare,
    EvalChecks checks) {

  public EvalStats {
    checks = checks == null ? EvalChecks.NONE : checks;
  }

  /** An evaluation without the doctor's checks. */
  public EvalStats(
      double loss, double accuracy, LabelScores labels, int examples, double truncatedShare) {
    this(loss, accuracy, labels, examples, truncatedShare, EvalChecks.NONE);
  }

  /** Per-label recall (empty without label records). */
  public java.util.Map<String, Double> perLabelRecall() {
    return labels.recall();
  }
}
