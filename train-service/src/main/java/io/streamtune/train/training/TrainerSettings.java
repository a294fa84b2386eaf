package io.streamtune.train.training;

import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Tokenizers;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to build the model and the trainer: plain values, no Quarkus.
 *
 * <p>Build one with {@link #builder()}, whose defaults are the service's ({@code train.*} in
 * TrainConfig, where each default has its reason; a test keeps the two equal), and change only what
 * differs: {@code TrainerSettings.builder().embedding(64).contextLength(96).build()}, or {@code
 * settings.toBuilder().lora(true).build()}.
 */
public record TrainerSettings(
    // model (GPT-2 architecture)
    int layers,
    int heads,
    int embedding,
    int contextLength,
    double dropout,
    String tokenizerPath, // null/blank = built-in tokenizer (see tokenizer); else a local
    // tokenizer.json
    // fine-tuning mode
    boolean lora,
    int loraRank,
    double loraAlpha,
    double loraDropout,
    Set<String> loraTargets, // q,k,v,out,mlp
    // optimizer and schedule
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    int warmupSteps,
    String schedule /* "cosine" | "constant" */,
    long totalSteps /* for cosine */,
    double minLearningRateRatio,
    double clipNorm,
    int gradAccumulation,
    double emaDecay /* 0 = evaluate and predict with the raw weights */,
    // the loss: an auxiliary next-token loss on prompt tokens, and the reward term
    double promptLossWeight,
    int promptLossPositions,
    double lambda,
    double baselineMomentum,
    long seed,
    String device /* "auto" | "cpu" | "gpu" */,
    // how records become model rows
    Inputs inputs,
    String tokenizer /* "byte" | "gpt2" | "gpt2-N" (Tokenizers.ALLOWED); tokenizerPath wins */) {

  /** The service's defaults; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.layers = layers;
    b.heads = heads;
    b.embedding = embedding;
    b.contextLength = contextLength;
    b.dropout = dropout;
    b.tokenizerPath = tokenizerPath;
    b.lora = lora;
    b.loraRank = loraRank;
    b.loraAlpha = loraAlpha;
    b.loraDropout = loraDropout;
    b.loraTargets = loraTargets;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.epsilon = epsilon;
    b.warmupSteps = warmupSteps;
    b.schedule = schedule;
    b.totalSteps = totalSteps;
    b.minLearningRateRatio = minLearningRateRatio;
    b.clipNorm = clipNorm;
    b.gradAccumulation = gradAccumulation;
    b.emaDecay = emaDecay;
    b.promptLossWeight = promptLossWeight;
    b.promptLossPositions = promptLossPositions;
    b.lambda = lambda;
    b.baselineMomentum = baselineMomentum;
    b.seed = seed;
    b.device = device;
    b.inputs = inputs;
    b.tokenizer = tokenizer;
    return b;
  }

  /** The architecture these settings describe, for a tokenizer of {@code vocabSize} ids. */
  public Gpt2Config modelConfig(int vocabSize) {
    return new Gpt2Config(vocabSize, contextLength, embedding, heads, layers, dropout, 1e-5);
  }

  /** These settings with another context length and input handling (tests, benchmarks). */
  public TrainerSettings withInputs(int context, Inputs in) {
    return toBuilder().contextLength(context).inputs(in).build();
  }

  /** Fluent construction; each field starts at the service's default. */
  public static final class Builder {
    private int layers = 2;
    private int heads = 4;
    private int embedding = 128;
    private int contextLength = 128;
    private double dropout = 0.0;
    private String tokenizerPath = null;
    private boolean lora = false;
    private int loraRank = 8;
    private double loraAlpha = 16;
    private double loraDropout = 0.05;
    private Set<String> loraTargets = Set.of("q", "v");
    private double learningRate = 1e-3;
    private double weightDecay = 0.01;
    private double beta1 = 0.9;
    private double beta2 = 0.95;
    private double epsilon = 1e-8;
    private int warmupSteps = 20;
    private String schedule = "constant";
    private long totalSteps = 10_000;
    private double minLearningRateRatio = 0.1;
    private double clipNorm = 1.0;
    private int gradAccumulation = 1;
    private double emaDecay = 0.0;
    private double promptLossWeight = 0.0;
    private int promptLossPositions = 32;
    private double lambda = 0.0;
    private double baselineMomentum = 0.9;
    private long seed = 42;
    private String device = "auto";
    private Inputs inputs = Inputs.DEFAULTS;
    private String tokenizer = Tokenizers.DEFAULT;

    private Builder() {}

    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    public Builder heads(int heads) {
      this.heads = heads;
      return this;
    }

    public Builder embedding(int embedding) {
      this.embedding = embedding;
      return this;
    }

    public Builder contextLength(int contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder tokenizerPath(String tokenizerPath) {
      this.tokenizerPath = tokenizerPath;
      return this;
    }

    public Builder lora(boolean lora) {
      this.lora = lora;
      return this;
    }

    public Builder loraRank(int loraRank) {
      this.loraRank = loraRank;
      return this;
    }

    public Builder loraAlpha(double loraAlpha) {
      this.loraAlpha = loraAlpha;
      return this;
    }

    public Builder loraDropout(double loraDropout) {
      this.loraDropout = loraDropout;
      return this;
    }

    public Builder loraTargets(Set<String> loraTargets) {
      this.loraTargets = loraTargets;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder beta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    public Builder beta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Builder warmupSteps(int warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    public Builder schedule(String schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder totalSteps(long totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder minLearningRateRatio(double minLearningRateRatio) {
      this.minLearningRateRatio = minLearningRateRatio;
      return this;
    }

    public Builder clipNorm(double clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    public Builder gradAccumulation(int gradAccumulation) {
      this.gradAccumulation = gradAccumulation;
      return this;
    }

    public Builder emaDecay(double emaDecay) {
      this.emaDecay = emaDecay;
      return this;
    }

    public Builder promptLossWeight(double promptLossWeight) {
      this.promptLossWeight = promptLossWeight;
      return this;
    }

    public Builder promptLossPositions(int promptLossPositions) {
      this.promptLossPositions = promptLossPositions;
      return this;
    }

    public Builder lambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    public Builder baselineMomentum(double baselineMomentum) {
      this.baselineMomentum = baselineMomentum;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder device(String device) {
      this.device = device;
      return this;
    }

    public Builder inputs(Inputs inputs) {
      this.inputs = inputs;
      return this;
    }

    public Builder tokenizer(String tokenizer) {
      this.tokenizer = tokenizer;
      return this;
    }

    public TrainerSettings build() {
      return new TrainerSettings(
          layers,
          heads,
          embedding,
          contextLength,
          dropout,
          tokenizerPath,
          lora,
          loraRank,
          loraAlpha,
          loraDropout,
          loraTargets,
          learningRate,
          weightDecay,
          beta1,
          beta2,
          epsilon,
          warmupSteps,
          schedule,
          totalSteps,
          minLearningRateRatio,
          clipNorm,
          gradAccumulation,
          emaDecay,
          promptLossWeight,
          promptLossPositions,
          lambda,
          baselineMomentum,
          seed,
          device,
          inputs,
          tokenizer);
    }
  }

  /**
   * How a record becomes a model row ({@link PromptEncoder}) and how much it weighs ({@link
   * ClassWeights}).
   *
   * @param labelReserve positions kept free for a label and its EOS; 0 = the longest of {@code
   *     labels} + 1, or {@link #STREAM_LABEL_RESERVE} when none are configured
   * @param completionReserve positions a generation prompt leaves to its completion; 0 = half the
   *     context
   * @param truncation which part of an over-long label text is kept: head, tail or head+tail
   * @param classWeights class-balanced loss weights for label tasks
   * @param labels the configured labels (may be empty); each must fit the label reserve
   */
  public record Inputs(
      int labelReserve,
      int completionReserve,
      String truncation,
      boolean classWeights,
      List<String> labels) {

    /** Labels seen on the stream are unknown at start-up: 15 tokens fit most class names. */
    public static final int STREAM_LABEL_RESERVE = 16;

    /** The service's defaults (train.data.* in TrainConfig, with their reasons). */
    public static final Inputs DEFAULTS = new Inputs(0, 0, "head+tail", false, List.of());
  }
}
