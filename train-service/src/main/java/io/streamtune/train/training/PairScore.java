package io.streamtune.train.training;

/**
 * How likely the model finds one completion after its prompt.
 *
 * @param logProb log p(completion + EOS | prompt) in nats, summed over the scored tokens
 * @param scoredTokens tokens that carried the score: the completion's tokens that fit the context,
 *     plus the EOS
 * @param completionTokens the completion's tokens before any cut
 */
public record PairScore(double logProb, int scoredTokens, int completionTokens) {

  /** True when the completion did not fit the context and was cut, so the score covers a part. */
  public boolean truncated() {
    return scoredTokens < completionTokens + 1;
  }
}
