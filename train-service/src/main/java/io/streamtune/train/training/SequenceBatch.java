package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Prompt/completion pairs as next-token-prediction rows: row b is {@code [BOS] prompt completion
 * [EOS]} shifted by one, right-padded to the longest row. Only positions that predict a completion
 * token or the EOS carry loss ({@code mask = 1}); the causal mask makes right padding harmless.
 *
 * <p>Rows come from {@link PromptEncoder}, which decides how much of a prompt is kept.
 */
final class SequenceBatch {

  final int rows;
  final int length;
  final long[] inputs;
  final long[] targets;
  final float[] mask;
  final int scoredTokens;
  final int inputTokens;

  private SequenceBatch(List<PromptEncoder.Encoded> encoded, int pad) {
    this.rows = encoded.size();
    this.length = encoded.stream().mapToInt(PromptEncoder.Encoded::inputLength).max().orElse(1);
    this.inputs = new long[rows * length];
    this.targets = new long[rows * length];
    this.mask = new float[rows * length];
    Arrays.fill(inputs, pad);
    int scored = 0;
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
    }
    this.scoredTokens = scored;
    this.inputTokens = tokens;
  }

  static SequenceBatch of(List<PromptEncoder.Encoded> encoded, int pad) {
    return new SequenceBatch(encoded, pad);
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
}
