package io.streamtune.train.training;

/**
 * What an evaluation measures beyond loss and accuracy, for the learning doctor: does the model
 * read its input, how much of the input fits, and the generation loss per byte.
 *
 * @param swapEffect mean |p(y | own input) − p(y | another held-out record's input)| of each
 *     labelled record's true label y: 0 when the answers do not depend on the input
 * @param tiedShare share of labelled held-out records whose label probabilities all lie within
 *     {@link #TIE} of each other (every label scores alike)
 * @param swapped labelled records in the swap test
 * @param medianInputTokens median input length in tokens, before truncation
 * @param contextLength the model's context in tokens
 * @param generationLossPerByte nats per completion byte of the generation records (the EOS counted
 *     as one byte), NaN without generation records
 * @param generations generation records scored
 */
public record EvalChecks(
    double swapEffect,
    double tiedShare,
    int swapped,
    double medianInputTokens,
    int contextLength,
    double generationLossPerByte,
    int generations) {

  /** Label probabilities closer than this count as a tie: 0.5 / 0.5 is the case seen in #9. */
  public static final double TIE = 0.01;

  public static final EvalChecks NONE =
      new EvalChecks(Double.NaN, Double.NaN, 0, Double.NaN, 0, Double.NaN, 0);
}
