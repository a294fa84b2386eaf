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

  /** An output without the sampling record (what trainers before it published). */
  public ModelOutput(
      String outputId,
      long modelVersion,
      String recordId,
      TaskKind kind,
      String prompt,
      String completion,
      String reference,
      Instant createdAt) {
    this(
        outputId,
        modelVersion,
        recordId,
        kind,
        prompt,
        completion,
        reference,
        createdAt,
        null,
        null);
  }

  /**
   * The action as the policy sampled it, so its reward can be learned from exactly: a label index
   * among {@code labels} (label tasks) or the sampled token ids (generations, EOS included only
   * when generation stopped on it), and log π(action) under the sampling distribution at {@code
   * temperature}.
   */
  public record Sampled(
      Integer labelIndex,
      java.util.List<String> labels,
      int[] tokenIds,
      boolean endedWithEos,
      double logProb,
      double temperature) {}
}
