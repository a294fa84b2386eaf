package io.streamtune.reward.scoring;

/** A scorer and its weight in the combined reward. */
public record WeightedScorer(Scorer scorer, double weight) {

  public WeightedScorer {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of " + scorer.name() + " must be a finite number >= 0, got " + weight);
    }
  }
}
