package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;

/**
 * Log-probabilities of a batch's targets under a model. The LM head runs only at scored positions
 * (completion positions, and the prompt positions a training batch chose): their hidden states are
 * gathered first, so the logits are [scored, V] instead of [B, T, V] (823 MB for B=32, T=128 and
 * GPT-2's 50,257 ids). Gradients flow through both gathers.
 */
final class LogProbs {

  private LogProbs() {}

  /**
   * A sampling policy per row, as {@code Inference} draws generations: log π = log softmax of
   * {@code logits / T} over the ids whose logit is at least the row's k-th largest (k ≤ 0: all),
   * the {@code neverSampled} ids excluded.
   */
  record Policy(float[] inverseTemperature, int[] topK, int[] neverSampled) {

    /** logits [n, V] of scored positions in rows {@code rowOf} → the policy's logits [n, V]. */
    NDArray apply(NDArray logits, int[] rowOf, NDManager manager) {
      int n = rowOf.length;
      long vocab = logits.getShape().get(1);
      float[] inverse = new float[n];
      long[] column = new long[n];
      for (int p = 0; p < n; p++) {
        inverse[p] = inverseTemperature[rowOf[p]];
        int k = topK[rowOf[p]];
        column[p] = k > 0 && k < vocab ? vocab - k : 0;
      }
      float[] banned = new float[(int) vocab];
      for (int id : neverSampled) {
        banned[id] = Float.NEGATIVE_INFINITY;
      }
      NDArray scaled =
          logits.add(manager.create(banned)).mul(manager.create(inverse, new Shape(n, 1)));
      // the k-th largest from the forward values: which ids are in the top-k is not learned
      NDArray threshold =
          scaled.stopGradient().sort(1).gather(manager.create(column, new Shape(n, 1)), 1);
      return NDArrays.where(
          scaled.gte(threshold), scaled, manager.full(scaled.getShape(), Float.NEGATIVE_INFINITY));
    }
  }

  /** [B, T]: log p(target[b, t] | inputs[b, ≤t]) at scored positions, and 0 elsewhere. */
  static NDArray ofTargets(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    return ofTargets(model, ctx, batch, null);
  }

  /** As {@link #ofTargets(Gpt2Model, ForwardContext, SequenceBatch)}, under {@code policy}. */
  static NDArray ofTargets(
      Gpt2Model model, ForwardContext ctx, SequenceBatch batch, Policy policy) {
    NDManager manager = ctx.manager();
    int cells = batch.rows * batch.length;
    long[] positions = new long[batch.scoredTokens];
    long[] targets = new long[batch.scoredTokens];
    long[] slots = new long[cells]; // where each cell's value sits in [scored log p..., 0]
    int n = 0;
    for (int i = 0; i < cells; i++) {
      if (batch.scored(i)) {
        positions[n] = i;
        targets[n] = batch.targets[i];
        slots[i] = n++;
      } else {
        slots[i] = batch.scoredTokens;
      }
    }
    if (n == 0) {
      return manager.zeros(new Shape(batch.rows, batch.length));
    }
    NDArray hidden = model.hidden(ctx, batch.inputs(manager));
    NDArray flat = hidden.reshape(cells, hidden.getShape().get(2));
    NDArray index = manager.create(positions);
    NDArray picked = index.getNDArrayInternal().embedding(index, flat, SparseFormat.DENSE).head();
    NDArray logits = model.logits(picked);
    if (policy != null) {
      int[] rowOf = new int[n];
      for (int p = 0; p < n; p++) {
        rowOf[p] = (int) (positions[p] / batch.length);
      }
      logits = policy.apply(logits, rowOf, manager);
    }
    NDArray scored =
        logits.logSoftmax(1).gather(manager.create(targets, new Shape(n, 1)), 1).squeeze(1);
    return scored
        .concat(manager.zeros(new Shape(1)))
        .gather(manager.create(slots), 0)
        .reshape(batch.rows, batch.length);
  }

  /** [B]: Σ over scored positions of log p, i.e. log p(completion + EOS | prompt) per row. */
  static NDArray perSequence(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    return perSequence(model, ctx, batch, null);
  }

  /** [B]: Σ over completion positions of log π under {@code policy} (null: the model's p). */
  static NDArray perSequence(
      Gpt2Model model, ForwardContext ctx, SequenceBatch batch, Policy policy) {
    NDArray logProbs = ofTargets(model, ctx, batch, policy);
    if (batch.promptTokens > 0) {
      logProbs = logProbs.mul(batch.mask(ctx.manager()));
    }
    return logProbs.sum(new int[] {1});
  }
}
