package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Prompt/completion pairs as next-token-prediction rows: row b is {@code [BOS] prompt completion
 * [EOS]} shifted by one, right-padded to the longest row. Positions that predict a completion token
 * or the EOS carry the task loss ({@code mask = 1}); with {@link #withPromptPositions}, a few
 * positions that predict the prompt's own tokens carry the auxiliary prompt loss ({@code promptMask
 * = 1}). The causal mask makes right padding harmless.
 *
 * <p>Rows come from {@link PromptEncoder}, which decides how much of a prompt is kept.
 */
final class SequenceBatch {

  final int rows;
  final int length;
  final long[] inputs;
  final long[] targets;
  final float[] mask;
  final float[] promptMask;

  /** Positions whose log p is computed: completion and chosen prompt positions. */
  final int scoredTokens;

  final int promptTokens;
  final int inputTokens;

  private SequenceBatch(
      List<PromptEncoder.Encoded> encoded, int pad, int promptPositions, double phase) {
    this.rows = encoded.size();
    this.length = encoded.stream().mapToInt(PromptEncoder.Encoded::inputLength).max().orElse(1);
    this.inputs = new long[rows * length];
    this.targets = new long[rows * length];
    this.mask = new float[rows * length];
    this.promptMask = new float[rows * length];
    Arrays.fill(inputs, pad);
    int scored = 0;
    int prompt = 0;
    int tokens = 0;
    for (int b = 0; b < rows; b++) {
      PromptEncoder.Encoded e = encoded.get(b);
      int n = e.inputLength();
      tokens += n;
      for (int t = 0; t < n; t++) {
        inputs[b * length + t] = e.ids()[t];
        targets[b * length + t] = e.ids()[t + 1];
        if (t + 1 >= e.lossFrom()) {
          mask[b * length + t] = 1f;
          scored++;
        }
      }
      // positions 0 .. lossFrom-2 predict the prompt's tokens 1 .. lossFrom-1 (BOS is never a
      // target): k of them, evenly spaced and shifted by the phase, so each step reads others
      int targetsInPrompt = Math.max(0, e.lossFrom() - 1);
      int k = promptPositions(e, promptPositions);
      for (int j = 0; j < k; j++) {
        int t = (int) ((j + phase) * targetsInPrompt / k);
        promptMask[b * length + t] = 1f;
      }
      prompt += k;
      scored += k;
    }
    this.scoredTokens = scored;
    this.promptTokens = prompt;
    this.inputTokens = tokens;
  }

  /** Completion positions only: what evaluation, prediction and the reward term score. */
  static SequenceBatch of(List<PromptEncoder.Encoded> encoded, int pad) {
    return new SequenceBatch(encoded, pad, 0, 0);
  }

  /**
   * Completion positions plus up to {@code perRow} prompt positions per row, spaced evenly over the
   * prompt and shifted by {@code phase} in [0, 1) of a spacing.
   */
  static SequenceBatch withPromptPositions(
      List<PromptEncoder.Encoded> encoded, int pad, int perRow, double phase) {
    if (!(phase >= 0 && phase < 1)) {
      throw new IllegalArgumentException("phase must be in [0, 1), was " + phase);
    }
    return new SequenceBatch(encoded, pad, perRow, phase);
  }

  /** How many of {@code row}'s prompt tokens carry the prompt loss, at most {@code perRow}. */
  static int promptPositions(PromptEncoder.Encoded row, int perRow) {
    return Math.min(perRow, Math.max(0, row.lossFrom() - 1));
  }

  /** Whether cell {@code i} (row-major) has its log p computed. */
  boolean scored(int i) {
    return mask[i] != 0f || promptMask[i] != 0f;
  }

  NDArray inputs(NDManager manager) {
    return manager.create(inputs, new Shape(rows, length));
  }

  NDArray targets(NDManager manager) {
    return manager.create(targets, new Shape(rows, length));
  }

  NDArray mask(NDManager manager) {
    return manager.create(mask, new Shape(rows, length));
  }

  NDArray promptMask(NDManager manager) {
    return manager.create(promptMask, new Shape(rows, length));
  }
}
