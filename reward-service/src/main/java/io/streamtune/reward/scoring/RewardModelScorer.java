package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.reward.scoring.model.RewardModel;

/** The learned classifier's probability that the completion is a good answer to the prompt. */
public final class RewardModelScorer implements Scorer {

  private final RewardModel model;

  public RewardModelScorer(RewardModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return ScorerNames.REWARD_MODEL;
  }

  @Override
  public double score(ModelOutput output) {
    return model.score(output.prompt(), output.completion());
  }
}
