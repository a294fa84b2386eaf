package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.KvCache;
import java.util.List;

/**
 * log p(completion | prompt) of several completions of one prompt from one pass over the prompt:
 * the prompt's keys and values are cached per layer, broadcast over the completions, and only the
 * completions' own tokens are run, at the positions that follow the prompt. The same numbers as a
 * full pass per (prompt, completion) pair, within float rounding, at the cost of one prompt pass
 * plus the completion tokens (label prediction: about one forward pass per input instead of one per
 * label).
 */
final class LabelScorer {

  private LabelScorer() {}

  /**
   * {@code promptIds}: BOS and the kept prompt tokens; {@code completionIds}: each completion's
   * tokens with its EOS (at least one token each). Needs {@code promptIds.length + longest
   * completion − 1 ≤ contextLength}. Works in {@code ctx}'s manager (dropout off).
   */
  static float[] logProbs(
      Gpt2Model model, ForwardContext ctx, int[] promptIds, List<int[]> completionIds) {
    if (promptIds.length == 0) {
      throw new IllegalArgumentException("the prompt needs at least its BOS token");
    }
    int longest = 0;
    for (int[] c : completionIds) {
      if (c.length == 0) {
        throw new IllegalArgumentException("every completion needs at least its EOS token");
      }
      longest = Math.max(longest, c.length);
    }
    int context = model.config().contextLength();
    if (promptIds.length + longest - 1 > context) {
      throw new IllegalArgumentException(
          promptIds.length
              + " prompt + "
              + longest
              + " completion tokens exceed context "
              + context);
    }
    NDManager manager = ctx.manager();
    int rows = completionIds.size();
    float[] out = new float[rows];
    int width = longest - 1;
    try (KvCache prompt = new KvCache(model.config().layers(), promptIds.length + width, manager)) {
      // The prompt's last position predicts every completion's first token (the LM head runs on
      // that position only).
      NDArray promptLogits = model.nextLogits(ctx, row(manager, promptIds), prompt);
      float[] first = promptLogits.logSoftmax(1).toFloatArray();
      for (int j = 0; j < rows; j++) {
        out[j] = first[completionIds.get(j)[0]];
      }
      if (width == 0) {
        return out;
      }
      // Row j reads completion j's tokens but its last and predicts each next one; right padding
      // (masked, and causally unseen by the real positions) evens the rows.
      long[] inputs = new long[rows * width];
      long[] targets = new long[rows * width];
      float[] mask = new float[rows * width];
      for (int j = 0; j < rows; j++) {
        int[] c = completionIds.get(j);
        for (int t = 0; t + 1 < c.length; t++) {
          inputs[j * width + t] = c[t];
          targets[j * width + t] = c[t + 1];
          mask[j * width + t] = 1f;
        }
      }
      Shape shape = new Shape(rows, width);
      try (KvCache shared = prompt.broadcast(rows, manager)) {
        NDArray logits = model.forward(ctx, manager.create(inputs, shape), shared);
        float[] rest =
            logits
                .logSoftmax(2)
                .gather(manager.create(targets, shape).expandDims(2), 2)
                .squeeze(2)
                .mul(manager.create(mask, shape))
                .sum(new int[] {1})
                .toFloatArray();
        for (int j = 0; j < rows; j++) {
          out[j] += rest[j];
        }
      }
    }
    return out;
  }

  /** ids as a [1, n] int64 array. */
  static NDArray row(NDManager manager, int[] ids) {
    long[] values = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      values[i] = ids[i];
    }
    return manager.create(values, new Shape(1, ids.length));
  }
}
