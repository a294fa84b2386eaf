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
 */
public record ModelReward(
    String outputId,
    long modelVersion,
    double reward,
    Map<String, Double> components,
    Instant scoredAt) {

  public ModelReward {
    components = components == null ? Map.of() : Map.copyOf(components);
  }
}
