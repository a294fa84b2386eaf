package io.streamtune.train.training;

/**
 * Held-out evaluation. {@code accuracy} is the exact-match share over every held-out record
 * (predicted label for label tasks, greedy completion for generations); {@code labels} holds the
 * label task's recall, one-vs-rest accuracy, balanced accuracy, macro-F1 and majority share. {@code
 * truncatedShare} is the share of held-out inputs longer than the prompt budget.
 */
public record EvalStats(
    double loss, double accuracy, LabelScores labels, int examples, double truncatedShare) {

  /** Per-label recall (empty without label records). */
  public java.util.Map<String, Double> perLabelRecall() {
    return labels.recall();
  }
}
