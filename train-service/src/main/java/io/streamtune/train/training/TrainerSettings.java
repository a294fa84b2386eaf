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
    String tokenizer /* "byte" | "gpt2" | "gpt2-N" (Tokenizers.ALLOWED); tokenizerPath wins */) {

  /** The settings with the byte-level tokenizer (the constructor from before the choice). */
  public TrainerSettings(
      int layers,
      int heads,
      int embedding,
      int contextLength,
      double dropout,
      String tokenizerPath,
      boolean lora,
      int loraRank,
      double loraAlpha,
      double loraDropout,
      Set<String> loraTargets,
      double learningRate,
      double weightDecay,
      double beta1,
      double beta2,
      double epsilon,
      int warmupSteps,
      String schedule,
      long totalSteps,
      double minLearningRateRatio,
      double clipNorm,
      int gradAccumulation,
      double lambda,
      double baselineMomentum,
      long seed,
      String device) {
    this(
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
        lambda,
        baselineMomentum,
        seed,
        device,
        "byte");
  }
}
