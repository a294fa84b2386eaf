package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The reward half of the hybrid loss: a clipped policy gradient (PPO's surrogate) over rewarded
 * samples, {@code −mean_i min(ρ_i·A_i, clip(ρ_i, 1−ε, 1+ε)·A_i)} with advantage {@code A = reward −
 * baseline} and importance ratio {@code ρ = π_now(action) / π_sampled(action)}.
 *
 * <p>The policy of a label task is the softmax over its candidate labels of {@code log p(label |
 * prompt) / T}, exactly the distribution the label was sampled from; its gradient also pushes the
 * other candidates down. Other samples (generations, and outputs that did not record how they were
 * sampled) use {@code log p(completion | prompt)} and count as sampled by the current policy (ρ = 1
 * in value, the plain REINFORCE gradient).
 *
 * <p>The clip is applied as PPO's gradient has it: where the ratio has left the trust region in the
 * direction the advantage pushes, the sample adds no gradient (it is counted as clipped). Those
 * masks are computed from the forward values, so the graph only holds {@code mask·A·ρ}.
 */
final class RewardTerm {

  /** The value of the term (for logging), whether it is finite, and how many samples clipped. */
  record Result(NDArray loss, float value, int clipped, int tokens) {}

  private final PromptEncoder encoder;
  private final int pad;

  RewardTerm(PromptEncoder encoder, int pad) {
    this.encoder = encoder;
    this.pad = pad;
  }

  /** The term for {@code samples} (non-empty); tensors belong to {@code ctx}'s manager. */
  Result of(
      Gpt2Model model, ForwardContext ctx, List<RewardedSample> samples, double base, double eps) {
    NDManager m = ctx.manager();
    List<RewardedSample> labels = new ArrayList<>();
    List<RewardedSample> others = new ArrayList<>();
    for (RewardedSample s : samples) {
      (s.sampledLabel() ? labels : others).add(s);
    }
    List<NDArray> logPi = new ArrayList<>();
    List<RewardedSample> order = new ArrayList<>();
    int[] tokens = {0};
    if (!labels.isEmpty()) {
      logPi.add(labelLogPolicy(model, ctx, labels, tokens));
      order.addAll(labels);
    }
    if (!others.isEmpty()) {
      List<PromptEncoder.Encoded> rows = new ArrayList<>();
      for (RewardedSample s : others) {
        rows.add(encoder.encode(s.kind(), s.input(), s.completion()));
      }
      SequenceBatch batch = SequenceBatch.of(rows, pad);
      tokens[0] += batch.inputTokens;
      logPi.add(LogProbs.perSequence(model, ctx, batch));
      order.addAll(others);
    }
    NDArray now = logPi.size() == 1 ? logPi.get(0) : NDArrays.concat(new NDList(logPi));
    float[] current = now.toFloatArray();
    int n = order.size();
    float[] behaviour = new float[n];
    float[] weights = new float[n];
    double value = 0;
    int clipped = 0;
    for (int i = 0; i < n; i++) {
      RewardedSample s = order.get(i);
      boolean recorded = s.sampledLabel() && Double.isFinite(s.sampled().logProb());
      behaviour[i] = recorded ? (float) s.sampled().logProb() : current[i];
      double ratio = Math.exp(current[i] - behaviour[i]);
      double advantage = s.reward() - base;
      double bounded = Math.max(1 - eps, Math.min(1 + eps, ratio));
      value -= Math.min(ratio * advantage, bounded * advantage) / n;
      boolean outside = advantage > 0 ? ratio > 1 + eps : advantage < 0 && ratio < 1 - eps;
      clipped += outside ? 1 : 0;
      weights[i] = outside ? 0f : (float) (advantage / n);
    }
    NDArray ratio = now.sub(m.create(behaviour)).exp();
    NDArray loss = ratio.mul(m.create(weights)).sum().neg();
    return new Result(loss, (float) value, clipped, tokens[0]);
  }

  /** [n]: log π(sampled label) under the softmax over each sample's candidates at its T. */
  private NDArray labelLogPolicy(
      Gpt2Model model, ForwardContext ctx, List<RewardedSample> samples, int[] tokens) {
    NDManager m = ctx.manager();
    int width = samples.stream().mapToInt(s -> s.sampled().labels().size()).max().orElse(2);
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    float[] padMask = new float[samples.size() * width];
    float[] inverseT = new float[samples.size()];
    long[] chosen = new long[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      RewardedSample s = samples.get(i);
      List<String> candidates = s.sampled().labels();
      for (int j = 0; j < width; j++) {
        // a sample with fewer candidates repeats its first one, masked out of the softmax
        String label = candidates.get(j < candidates.size() ? j : 0);
        rows.add(encoder.encode(s.kind(), s.input(), label));
        padMask[i * width + j] = j < candidates.size() ? 0f : Float.NEGATIVE_INFINITY;
      }
      double t = s.sampled().temperature() > 0 ? s.sampled().temperature() : 1.0;
      inverseT[i] = (float) (1.0 / t);
      chosen[i] = s.sampled().labelIndex();
    }
    SequenceBatch batch = SequenceBatch.of(rows, pad);
    tokens[0] += batch.inputTokens;
    NDArray scores =
        LogProbs.perSequence(model, ctx, batch)
            .reshape(samples.size(), width)
            .mul(m.create(inverseT).expandDims(1))
            .add(m.create(padMask, new Shape(samples.size(), width)));
    return scores.logSoftmax(1).gather(m.create(chosen).expandDims(1), 1).squeeze(1);
  }
}
