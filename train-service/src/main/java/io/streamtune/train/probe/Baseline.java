package io.streamtune.train.probe;

/**
 * What the learnability probe scores on the held-out set: the yardstick the language model is
 * judged against. NaN where the probe has nothing to say (no such records, too many labels).
 *
 * @param labelRecords label records the probe has learned from
 * @param generationRecords generation records the probe has learned from
 * @param accuracy the bag-of-words Naive Bayes accuracy on the held-out label records
 * @param majorityShare the share of the most frequent held-out label (always-majority's accuracy)
 * @param lossPerByte the character n-gram model's held-out loss per completion byte (nats, the end
 *     of the completion counted as one byte)
 * @param heldOutLabels held-out label records scored
 * @param heldOutGenerations held-out generation records scored
 */
public record Baseline(
    long labelRecords,
    long generationRecords,
    double accuracy,
    double majorityShare,
    double lossPerByte,
    int heldOutLabels,
    int heldOutGenerations) {

  public static final Baseline NONE = new Baseline(0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0);

  /** True when the probe has a label accuracy to compare with. */
  public boolean hasAccuracy() {
    return Double.isFinite(accuracy) && heldOutLabels > 0;
  }
}
