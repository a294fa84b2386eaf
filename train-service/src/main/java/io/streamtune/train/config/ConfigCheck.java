package io.streamtune.train.config;

import io.streamtune.train.model.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates {@link TrainConfig}: a pure function, so every rule is unit-tested without Quarkus.
 * Each problem names the property and what it accepts.
 */
public final class ConfigCheck {

  private static final Set<String> LORA_TARGETS = Set.of("q", "k", "v", "out", "mlp");

  private ConfigCheck() {}

  /** Every problem found; empty when the configuration is valid. */
  public static List<String> problems(TrainConfig c) {
    List<String> p = new ArrayList<>();
    TrainConfig.Model m = c.model();
    if (m.name().isBlank() || !m.name().matches("[A-Za-z0-9._-]+")) {
      p.add("train.model.name='" + m.name() + "' must be letters, digits, '.', '_' or '-'");
    }
    positive(p, "train.model.layers", m.layers());
    positive(p, "train.model.heads", m.heads());
    positive(p, "train.model.embedding", m.embedding());
    if (m.heads() > 0 && m.embedding() % m.heads() != 0) {
      p.add("train.model.embedding=" + m.embedding() + " must be a multiple of train.model.heads");
    }
    atLeast(p, "train.model.context-length", m.contextLength(), 8);
    fraction(p, "train.model.dropout", m.dropout());
    oneOf(p, "train.model.device", m.device(), Set.of("auto", "cpu", "gpu"));
    oneOf(p, "train.data.uncovered", c.data().uncovered(), Set.of("unknown", "reject"));
    if (Tokenizers.problem(m.tokenizer()) != null) {
      p.add(Tokenizers.problem(m.tokenizer()));
    }
    m.labels()
        .ifPresent(
            l -> {
              if (l.stream().anyMatch(String::isBlank) || Set.copyOf(l).size() != l.size()) {
                p.add("train.model.labels=" + l + " must be distinct, non-blank labels");
              }
            });
    TrainConfig.Lora lora = c.lora();
    positive(p, "train.lora.rank", lora.rank());
    positiveD(p, "train.lora.alpha", lora.alpha());
    fraction(p, "train.lora.dropout", lora.dropout());
    if (lora.targets().isEmpty() || !LORA_TARGETS.containsAll(lora.targets())) {
      p.add(
          "train.lora.targets="
              + lora.targets()
              + " must be a non-empty subset of "
              + LORA_TARGETS);
    }
    TrainConfig.Optimizer o = c.optimizer();
    p.addAll(learningRateProblems(o.learningRate()));
    p.addAll(weightDecayProblems(o.weightDecay()));
    if (!(o.beta1() >= 0 && o.beta1() < 1)) {
      p.add("train.optimizer.beta1=" + o.beta1() + " must be in [0, 1)");
    }
    if (!(o.beta2() >= 0 && o.beta2() < 1)) {
      p.add("train.optimizer.beta2=" + o.beta2() + " must be in [0, 1)");
    }
    positiveD(p, "train.optimizer.epsilon", o.epsilon());
    atLeast(p, "train.optimizer.warmup-steps", o.warmupSteps(), 0);
    oneOf(p, "train.optimizer.schedule", o.schedule(), Set.of("constant", "cosine"));
    atLeast(p, "train.optimizer.total-steps", o.totalSteps(), 1);
    if (!(o.minLearningRateRatio() >= 0 && o.minLearningRateRatio() <= 1)) {
      p.add(
          "train.optimizer.min-learning-rate-ratio="
              + o.minLearningRateRatio()
              + " must be in [0, 1]");
    }
    positiveD(p, "train.optimizer.clip-norm", o.clipNorm());
    positive(p, "train.optimizer.grad-accumulation", o.gradAccumulation());
    if (!(o.emaDecay() >= 0 && o.emaDecay() < 1)) {
      p.add("train.optimizer.ema-decay=" + o.emaDecay() + " must be in [0, 1) (0 = off)");
    }
    p.addAll(batchSizeProblems(o.batchSize()));
    TrainConfig.Data d = c.data();
    atLeast(p, "train.data.max-wait-ms", d.maxWaitMs(), 1);
    positive(p, "train.data.prefetch-batches", d.prefetchBatches());
    positive(p, "train.data.poll-ms", (int) Math.min(Integer.MAX_VALUE, d.pollMs()));
    oneOf(p, "train.data.start-from", d.startFrom(), Set.of("earliest", "latest"));
    positive(p, "train.data.passes", d.passes());
    if (!(d.promptLossWeight() >= 0 && d.promptLossWeight() <= 10)) {
      p.add("train.data.prompt-loss-weight=" + d.promptLossWeight() + " must be in [0, 10]");
    }
    positive(p, "train.data.prompt-loss-positions", d.promptLossPositions());
    positive(p, "train.eval.every-steps", c.eval().everySteps());
    positive(p, "train.eval.max-examples", c.eval().maxExamples());
    if (c.checkpoint().dir().isBlank()) {
      p.add("train.checkpoint.dir must not be blank");
    }
    positive(p, "train.checkpoint.every-steps", c.checkpoint().everySteps());
    positive(p, "train.checkpoint.keep", c.checkpoint().keep());
    TrainConfig.Outputs out = c.outputs();
    positive(p, "train.outputs.every-steps", out.everySteps());
    fraction(p, "train.outputs.fraction", out.fraction());
    positive(p, "train.outputs.max-new-tokens", out.maxNewTokens());
    positiveD(p, "train.outputs.temperature", out.temperature());
    positive(p, "train.outputs.top-k", out.topK());
    positiveD(p, "train.outputs.label-temperature", out.labelTemperature());
    positive(p, "train.outputs.buffer-size", out.bufferSize());
    TrainConfig.Rewards r = c.rewards();
    p.addAll(lambdaProblems(r.lambda()));
    if (!(r.baselineMomentum() >= 0 && r.baselineMomentum() < 1)) {
      p.add("train.rewards.baseline-momentum=" + r.baselineMomentum() + " must be in [0, 1)");
    }
    atLeast(p, "train.rewards.max-age-steps", r.maxAgeSteps(), 0);
    if (!(r.clipRatio() > 0 && r.clipRatio() < 1)) {
      p.add("train.rewards.clip-ratio=" + r.clipRatio() + " must be in (0, 1)");
    }
    positive(
        p,
        "train.rewards.degraded-after-seconds",
        (int) Math.min(Integer.MAX_VALUE, r.degradedAfterSeconds()));
    positive(p, "train.rewards.max-per-step", r.maxPerStep());
    atLeast(p, "train.history.points", c.history().points(), 2);
    return p;
  }

  /** Shared with the admin endpoint: the same rule at start-up and at run time. */
  public static List<String> learningRateProblems(double lr) {
    return lr > 0 && lr <= 1 && Double.isFinite(lr)
        ? List.of()
        : List.of("train.optimizer.learning-rate=" + lr + " must be in (0, 1]");
  }

  public static List<String> weightDecayProblems(double wd) {
    return wd >= 0 && wd <= 1
        ? List.of()
        : List.of("train.optimizer.weight-decay=" + wd + " must be in [0, 1]");
  }

  public static List<String> batchSizeProblems(int batchSize) {
    return batchSize >= 1 && batchSize <= 4096
        ? List.of()
        : List.of("train.optimizer.batch-size=" + batchSize + " must be in [1, 4096]");
  }

  public static List<String> lambdaProblems(double lambda) {
    return lambda >= 0 && lambda <= 100
        ? List.of()
        : List.of("train.rewards.lambda=" + lambda + " must be in [0, 100]");
  }

  private static void positive(List<String> p, String name, int v) {
    atLeast(p, name, v, 1);
  }

  private static void atLeast(List<String> p, String name, long v, long min) {
    if (v < min) {
      p.add(name + "=" + v + " must be at least " + min);
    }
  }

  private static void positiveD(List<String> p, String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      p.add(name + "=" + v + " must be a positive number");
    }
  }

  private static void fraction(List<String> p, String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      p.add(name + "=" + v + " must be in [0, 1]");
    }
  }

  private static void oneOf(List<String> p, String name, String v, Set<String> allowed) {
    if (!allowed.contains(v)) {
      p.add(name + "='" + v + "' must be one of " + allowed);
    }
  }
}
