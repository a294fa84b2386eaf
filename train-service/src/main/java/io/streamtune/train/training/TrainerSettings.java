package io.streamtune.train.training;

import java.util.Set;

/** Everything needed to build the model and the trainer: plain values, no Quarkus. */
public record TrainerSettings(
    // model (GPT-2 architecture)
    int layers,
    int heads,
    int embedding,
    int contextLength,
    double dropout,
    String tokenizerPath, // null/blank = built-in byte-level tokenizer; else a local tokenizer.json
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
    // hybrid loss
    double lambda,
    double baselineMomentum,
    long seed,
    String device /* "auto" | "cpu" | "gpu" */,
    // how records become model rows
    Inputs inputs) {

  /** These settings with another context length and input handling (tests, benchmarks). */
  public TrainerSettings withInputs(int context, Inputs in) {
    return new TrainerSettings(
        layers,
        heads,
        embedding,
        context,
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
        lambda,
        baselineMomentum,
        seed,
        device,
        in);
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
      java.util.List<String> labels) {

    /** Labels seen on the stream are unknown at start-up: 15 tokens fit most class names. */
    public static final int STREAM_LABEL_RESERVE = 16;

    /** The service's defaults (train.data.* in TrainConfig, with their reasons). */
    public static final Inputs DEFAULTS = new Inputs(0, 0, "head+tail", false, java.util.List.of());
  }
}
