package io.streamtune.common.payload;

import java.time.Instant;
import java.util.Map;

/**
 * A reward for one model output, on {@code model.rewards} (the loss topic).
 *
 * @param outputId the output it scores
 * @param modelVersion the step that produced the output
 * @param reward the weighted combination of the components
 * @param components each scorer's own score, by scorer name
 * @param scoredAt when the reward service scored it
 * @param model the model of the output it scores (copied from {@link ModelOutput#model}); null when
 *     unknown
 */
public record ModelReward(
    String outputId,
    long modelVersion,
    double reward,
    Map<String, Double> components,
    Instant scoredAt,
    String model) {

  public ModelReward {
    components = components == null ? Map.of() : Map.copyOf(components);
  }

  /** A reward without the model name (what reward services before it published). */
  public ModelReward(
      String outputId,
      long modelVersion,
      double reward,
      Map<String, Double> components,
      Instant scoredAt) {
    this(outputId, modelVersion, reward, components, scoredAt, null);
  }
}
