package io.streamtune.common.payload;

import java.time.Instant;

/**
 * A completion the trainer sampled from its own model, on {@code model.outputs}.
 *
 * @param outputId unique id, the key on {@code model.outputs} and {@code model.rewards}
 * @param modelVersion the training step whose weights produced the completion
 * @param recordId the content id of the training record it answers
 * @param kind what the record teaches
 * @param prompt the prompt the model completed
 * @param completion what the model produced
 * @param reference the record's own completion (the label for label tasks)
 * @param createdAt when the output was published
 * @param model the model (trainer) that produced it; null in payloads written before it existed
 * @param sampled what was sampled and how likely it was (null when unknown: an older trainer)
 */
public record ModelOutput(
    String outputId,
    long modelVersion,
    String recordId,
    TaskKind kind,
    String prompt,
    String completion,
    String reference,
    Instant createdAt,
    String model,
    Sampled sampled) {

  /**
   * The action as the policy sampled it, so its reward can be learned from exactly: a label index
   * among {@code labels} (label tasks) or the sampled token ids (generations: EOS not among them;
   * {@code endedWithEos} says whether generation stopped on it or at the length limit), and log
   * π(action) under the sampling distribution at {@code temperature} (for generations the sum over
   * the tokens, and the EOS when sampled, of softmax over the {@code topK} most likely ids; NaN for
   * greedy decoding, which is no distribution).
   *
   * @param topK the top-k of a sampled generation (null or ≤ 0: all ids; null for labels and in
   *     payloads written before it existed)
   */
  public record Sampled(
      Integer labelIndex,
      java.util.List<String> labels,
      int[] tokenIds,
      boolean endedWithEos,
      double logProb,
      double temperature,
      Integer topK) {

    /** A record without top-k (labels, and payloads written before it existed). */
    public Sampled(
        Integer labelIndex,
        java.util.List<String> labels,
        int[] tokenIds,
        boolean endedWithEos,
        double logProb,
        double temperature) {
      this(labelIndex, labels, tokenIds, endedWithEos, logProb, temperature, null);
    }
  }
}
