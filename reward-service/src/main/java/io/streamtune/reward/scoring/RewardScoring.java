package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every enabled scorer on an output and combines them: {@code reward = Σ wᵢ·sᵢ / Σ wᵢ}, a
 * weighted mean, so the reward stays in [0, 1] whatever the weights. Pure: no I/O, thread-safe when
 * its scorers are.
 */
public final class RewardScoring {

  /** The reward and each scorer's own score, by scorer name, in scorer order. */
  public record Scores(double reward, Map<String, Double> components) {}

  private final List<WeightedScorer> scorers;
  private final double totalWeight;

  public RewardScoring(List<WeightedScorer> scorers) {
    if (scorers.isEmpty()) {
      throw new IllegalArgumentException("at least one scorer must be enabled");
    }
    this.scorers = List.copyOf(scorers);
    this.totalWeight = scorers.stream().mapToDouble(WeightedScorer::weight).sum();
    if (!(totalWeight > 0)) {
      throw new IllegalArgumentException("the enabled scorers' weights must not all be 0");
    }
  }

  public List<WeightedScorer> scorers() {
    return scorers;
  }

  /**
   * Scores one output.
   *
   * @throws RejectException malformed_output when a scorer misses a field, scorer_failed when a
   *     scorer throws or answers outside [0, 1]
   */
  public Scores score(ModelOutput output) {
    Map<String, Double> components = new LinkedHashMap<>();
    double weighted = 0;
    for (WeightedScorer ws : scorers) {
      double s = scoreOne(ws.scorer(), output);
      components.put(ws.scorer().name(), s);
      weighted += ws.weight() * s;
    }
    return new Scores(weighted / totalWeight, components);
  }

  private static double scoreOne(Scorer scorer, ModelOutput output) {
    double s;
    try {
      s = scorer.score(output);
    } catch (MissingFieldException e) {
      throw new RejectException(
          RejectReason.MALFORMED_OUTPUT,
          e.getMessage() + " (needed by scorer " + scorer.name() + ")",
          scorer.name(),
          e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new RejectException(
          RejectReason.SCORER_FAILED,
          "scorer "
              + scorer.name()
              + " threw "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          scorer.name(),
          e);
    }
    if (!(s >= 0 && s <= 1)) {
      throw new RejectException(
          RejectReason.SCORER_FAILED,
          "scorer " + scorer.name() + " returned " + s + ", outside [0, 1]",
          scorer.name(),
          null);
    }
    return s;
  }
}
