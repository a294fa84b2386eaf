package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.common.payload.ModelOutput;
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
 * other candidates down. The policy of a sampled generation is the one {@code Inference} drew its
 * tokens from: per token, the softmax of {@code logits / T} over the top-k ids ({@link
 * LogProbs.Policy}), summed over the sampled ids and the EOS only when generation stopped on it;
 * the row is built from those ids, never from the decoded text. Other samples (greedy generations,
 * and outputs that did not record how they were sampled) use {@code log p(completion | prompt)} and
 * count as sampled by the current policy (ρ = 1 in value, the plain REINFORCE gradient).
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
  private final int[] neverSampled;

  RewardTerm(PromptEncoder encoder, int pad, int[] neverSampled) {
    this.encoder = encoder;
    this.pad = pad;
    this.neverSampled = neverSampled;
  }

  /** The term for {@code samples} (non-empty); tensors belong to {@code ctx}'s manager. */
  Result of(
      Gpt2Model model, ForwardContext ctx, List<RewardedSample> samples, double base, double eps) {
    NDManager m = ctx.manager();
    List<RewardedSample> labels = new ArrayList<>();
    List<RewardedSample> generations = new ArrayList<>();
    List<PromptEncoder.Encoded> generationRows = new ArrayList<>();
    List<RewardedSample> others = new ArrayList<>();
    List<PromptEncoder.Encoded> otherRows = new ArrayList<>();
    for (RewardedSample s : samples) {
      if (s.sampledLabel()) {
        labels.add(s);
        continue;
      }
      PromptEncoder.Encoded exact = s.sampledTokens() ? asSampled(s) : null;
      if (exact != null
          && Double.isFinite(s.sampled().logProb())
          && s.sampled().temperature() > 0) {
        generations.add(s);
        generationRows.add(exact);
      } else {
        others.add(s);
        otherRows.add(exact != null ? exact : plainRow(s));
      }
    }
    List<NDArray> logPi = new ArrayList<>();
    List<RewardedSample> order = new ArrayList<>();
    int[] tokens = {0};
    if (!labels.isEmpty()) {
      logPi.add(labelLogPolicy(model, ctx, labels, tokens));
      order.addAll(labels);
    }
    if (!generations.isEmpty()) {
      logPi.add(perSequence(model, ctx, generationRows, generationPolicy(generations), tokens));
      order.addAll(generations);
    }
    int recordedUpTo = order.size(); // samples before this index carry their behaviour log π
    if (!others.isEmpty()) {
      logPi.add(perSequence(model, ctx, otherRows, null, tokens));
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
      boolean recorded = i < recordedUpTo && Double.isFinite(s.sampled().logProb());
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

  /** The row of a generation as sampled, or null when it does not fit one context window. */
  private PromptEncoder.Encoded asSampled(RewardedSample s) {
    return encoder.sampled(s.input(), s.sampled().tokenIds(), s.sampled().endedWithEos());
  }

  /**
   * The row of a sample learned from as if the current policy had produced it: its token ids where
   * it kept them (cut to the context, with no EOS), else its text encoded as training encodes it.
   */
  private PromptEncoder.Encoded plainRow(RewardedSample s) {
    if (s.sampledTokens()) {
      return encoder.encode(encoder.prompt(s.kind(), s.input()), s.sampled().tokenIds());
    }
    return encoder.encode(s.kind(), s.input(), s.completion());
  }

  /** Each generation's temperature and top-k, as recorded when it was sampled. */
  private LogProbs.Policy generationPolicy(List<RewardedSample> generations) {
    float[] inverseT = new float[generations.size()];
    int[] topK = new int[generations.size()];
    for (int i = 0; i < generations.size(); i++) {
      ModelOutput.Sampled s = generations.get(i).sampled();
      inverseT[i] = (float) (1.0 / s.temperature());
      topK[i] = s.topK() == null ? 0 : s.topK();
    }
    return new LogProbs.Policy(inverseT, topK, neverSampled);
  }

  private NDArray perSequence(
      Gpt2Model model,
      ForwardContext ctx,
      List<PromptEncoder.Encoded> rows,
      LogProbs.Policy policy,
      int[] tokens) {
    SequenceBatch batch = SequenceBatch.of(rows, pad);
    tokens[0] += batch.inputTokens;
    return LogProbs.perSequence(model, ctx, batch, policy);
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
