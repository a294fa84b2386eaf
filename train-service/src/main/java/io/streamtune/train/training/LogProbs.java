package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;

/**
 * Log-probabilities of a batch's targets under a model. The LM head runs only at scored positions
 * (mask = 1): their hidden states are gathered first, so the logits are [scored, V] instead of [B,
 * T, V] (823 MB for B=32, T=128 and GPT-2's 50,257 ids). Gradients flow through both gathers.
 */
final class LogProbs {

  private LogProbs() {}

  /** [B, T]: log p(target[b, t] | inputs[b, ≤t]) where mask = 1, and 0 elsewhere. */
  static NDArray ofTargets(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    NDManager manager = ctx.manager();
    int cells = batch.rows * batch.length;
    long[] positions = new long[batch.scoredTokens];
    long[] targets = new long[batch.scoredTokens];
    long[] slots = new long[cells]; // where each cell's value sits in [scored log p..., 0]
    int n = 0;
    for (int i = 0; i < cells; i++) {
      if (batch.mask[i] != 0f) {
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
    NDArray scored =
        model
            .logits(picked)
            .logSoftmax(1)
            .gather(manager.create(targets, new Shape(n, 1)), 1)
            .squeeze(1);
    return scored
        .concat(manager.zeros(new Shape(1)))
        .gather(manager.create(slots), 0)
        .reshape(batch.rows, batch.length);
  }

  /** [B]: Σ over scored positions of log p, i.e. log p(completion + EOS | prompt) per row. */
  static NDArray perSequence(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    return ofTargets(model, ctx, batch).sum(new int[] {1});
  }
}
