package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;

/**
 * 1.0 when the completion equals the reference after {@link TextNormalizer normalization}, else
 * 0.0. An output without a reference is malformed for this scorer.
 */
public final class LabelMatchScorer implements Scorer {

  @Override
  public String name() {
    return ScorerNames.LABEL_MATCH;
  }

  @Override
  public double score(ModelOutput output) {
    if (output.reference() == null) {
      throw new MissingFieldException("reference");
    }
    String completion = TextNormalizer.normalize(output.completion());
    return completion.equals(TextNormalizer.normalize(output.reference())) ? 1.0 : 0.0;
  }
}
