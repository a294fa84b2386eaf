package io.streamtune.train.training;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import java.util.List;

/**
 * A sampled model output with the reward the reward service gave it: the record's kind and input
 * (the text to classify for label tasks, the prompt for generations), encoded exactly as training
 * encodes it, the completion the model produced, and what the policy sampled ({@code sampled}: the
 * label index among the candidate labels, or the generated token ids, and log π of the action; null
 * for outputs that did not record it, which then count as sampled by the current policy).
 */
public record RewardedSample(
    TaskKind kind, String input, String completion, double reward, ModelOutput.Sampled sampled) {

  public RewardedSample(TaskKind kind, String input, String completion, double reward) {
    this(kind, input, completion, reward, null);
  }

  /** The samples of {@code rewarded} with a finite reward and a completion (none for null). */
  static List<RewardedSample> usable(List<RewardedSample> rewarded) {
    if (rewarded == null) {
      return List.of();
    }
    return rewarded.stream()
        .filter(r -> r != null && Double.isFinite(r.reward()) && r.completion() != null)
        .toList();
  }

  /** A generation that kept its sampled token ids: its row is those ids, never re-encoded text. */
  boolean sampledTokens() {
    return kind == TaskKind.GENERATION && sampled != null && sampled.tokenIds() != null;
  }

  /** A label sampled among known candidates: its policy is the softmax over them. */
  boolean sampledLabel() {
    return kind == TaskKind.LABEL
        && sampled != null
        && sampled.labels() != null
        && sampled.labels().size() >= 2
        && sampled.labelIndex() != null
        && sampled.labelIndex() >= 0
        && sampled.labelIndex() < sampled.labels().size();
  }
}
