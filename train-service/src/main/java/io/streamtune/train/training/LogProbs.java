package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;

/** Log-probabilities of a batch's targets under a model. */
final class LogProbs {

  private LogProbs() {}

  /** [B, T]: log p(target[b, t] | inputs[b, ≤t]) at every position (padding included). */
  static NDArray ofTargets(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    NDManager manager = ctx.manager();
    NDArray logits = model.forward(ctx, batch.inputs(manager));
    return logits.logSoftmax(2).gather(batch.targets(manager).expandDims(2), 2).squeeze(2);
  }

  /** [B]: Σ over scored positions of log p, i.e. log p(completion + EOS | prompt) per row. */
  static NDArray perSequence(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    return ofTargets(model, ctx, batch).mul(batch.mask(ctx.manager())).sum(new int[] {1});
  }
}
