package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss of one step, {@code task + λ · reward}, backpropagated part by part into the step's
 * gradient collector: the task loss over the batch's completion tokens, and the clipped policy
 * gradient over the rewarded samples ({@link RewardTerm}). The optimizer step itself stays with
 * {@link OnlineTrainer}.
 */
final class HybridLoss {

  /** The golden ratio's fraction: phases k·φ mod 1 spread evenly over [0, 1) for any k. */
  private static final double GOLDEN = 0.6180339887498949;

  private final Gpt2Model model;
  private final PromptEncoder encoder;
  private final int pad;
  private final ClassWeights classWeights;
  private final int gradAccumulation;
  private final RewardBaseline baseline;
  private final RewardTerm rewardTerm;
  private final double promptLossWeight;
  private final int promptLossPositions;
  private long steps; // moves the prompt positions each step (training thread only)

  HybridLoss(
      Gpt2Model model,
      PromptEncoder encoder,
      Tokenizer tokenizer,
      ClassWeights classWeights,
      int gradAccumulation,
      RewardBaseline baseline,
      double promptLossWeight,
      int promptLossPositions) {
    this.model = model;
    this.encoder = encoder;
    this.pad = tokenizer.pad();
    this.classWeights = classWeights;
    this.gradAccumulation = gradAccumulation;
    this.baseline = baseline;
    this.rewardTerm = new RewardTerm(encoder, pad, Inference.neverSampled(tokenizer));
    this.promptLossWeight = promptLossWeight;
    this.promptLossPositions = promptLossWeight > 0 ? promptLossPositions : 0;
  }

  /** Mutable tallies of one step. */
  static final class StepResult {
    double taskLoss;
    double rewardLoss;
    int tokens;
    int truncated;
    int clipped;
    boolean nonFinite;
    boolean backwardRan;
  }

  /**
   * Task loss: Σ w·(−log p) over all completion tokens / Σ w·tokens, in at least gradAccumulation
   * parts ({@link MicroBatches}: more when one part's activations would be large). The weight w of
   * a record is 1, or its class-balanced weight for label tasks ({@link ClassWeights}). With a
   * prompt-loss weight β > 0, β · the mean −log p of up to {@code promptLossPositions} prompt
   * tokens per row is added to what is backpropagated; {@code taskLoss} reports the completions'
   * loss alone, so it means the same with or without it (and to the doctor).
   */
  void taskLoss(
      List<TrainExample> batch, GradientCollector collector, NDManager step, StepResult result) {
    if (batch.isEmpty()) {
      return;
    }
    List<PromptEncoder.Encoded> encoded = new ArrayList<>();
    for (TrainExample example : batch) {
      PromptEncoder.Encoded row =
          encoder.encode(example.kind(), example.prompt(), example.completion());
      encoded.add(row);
      result.truncated += row.truncated() ? 1 : 0;
    }
    float[] weights = classWeights.weigh(batch);
    double weightedTokens = 0;
    int promptTokens = 0;
    for (int i = 0; i < encoded.size(); i++) {
      weightedTokens += weights[i] * encoded.get(i).scoredTokens();
      promptTokens += SequenceBatch.promptPositions(encoded.get(i), promptLossPositions);
    }
    double phase = (steps++ * GOLDEN) % 1.0;
    int longest = encoded.stream().mapToInt(PromptEncoder.Encoded::inputLength).max().orElse(1);
    int parts = MicroBatches.parts(model.config(), encoded.size(), longest, gradAccumulation);
    for (int part = 0; part < parts && !result.nonFinite; part++) {
      int from = part * encoded.size() / parts;
      int to = (part + 1) * encoded.size() / parts;
      try (NDManager micro = step.newSubManager()) {
        SequenceBatch sequences =
            SequenceBatch.withPromptPositions(
                encoded.subList(from, to), pad, promptLossPositions, phase);
        ForwardContext ctx = new ForwardContext(micro, true);
        NDArray rowWeights =
            micro.create(java.util.Arrays.copyOfRange(weights, from, to)).expandDims(1);
        NDArray logProbs = LogProbs.ofTargets(model, ctx, sequences);
        NDArray task =
            logProbs
                .mul(sequences.mask(micro).mul(rowWeights))
                .sum()
                .neg()
                .div(micro.create((float) weightedTokens));
        NDArray loss = task;
        if (sequences.promptTokens > 0) {
          NDArray prompt =
              logProbs
                  .mul(sequences.promptMask(micro))
                  .sum()
                  .neg()
                  .div(micro.create((float) promptTokens));
          loss = task.add(prompt.mul(micro.create((float) promptLossWeight)));
        }
        result.tokens += sequences.inputTokens;
        float value = backward(collector, loss, result);
        result.taskLoss += loss == task ? value : task.getFloat();
      }
    }
  }

  /** λ · the clipped policy-gradient term over the rewarded samples ({@link RewardTerm}). */
  void rewardLoss(
      List<RewardedSample> rewards,
      double currentLambda,
      double rewardClip,
      GradientCollector collector,
      NDManager step,
      StepResult result) {
    double base = baseline.valueFor(rewards);
    try (NDManager micro = step.newSubManager()) {
      ForwardContext ctx = new ForwardContext(micro, true);
      RewardTerm.Result term = rewardTerm.of(model, ctx, rewards, base, rewardClip);
      result.tokens += term.tokens();
      result.rewardLoss = term.value();
      result.clipped += term.clipped();
      if (!Float.isFinite(term.value()) || !Float.isFinite(term.loss().getFloat())) {
        result.nonFinite = true;
        return;
      }
      collector.backward(term.loss().mul(micro.create((float) currentLambda)));
      result.backwardRan = true;
    }
  }

  private static float backward(GradientCollector collector, NDArray loss, StepResult result) {
    float value = loss.getFloat();
    if (!Float.isFinite(value)) {
      result.nonFinite = true;
      return value;
    }
    collector.backward(loss);
    result.backwardRan = true;
    return value;
  }
}
