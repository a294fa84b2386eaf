package io.streamtune.train.loop;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What GET /train/status answers: a snapshot of the training loop. */
public record TrainStatus(
    String model,
    String state,
    String device,
    long step,
    long samplesSeen,
    Double trainLoss,
    Double evalLoss,
    Double accuracy,
    Map<String, Double> perLabelAccuracy,
    Map<String, Double> perLabelRecall,
    Double balancedAccuracy,
    Double macroF1,
    Double majorityShare,
    int heldOutExamples,
    List<String> labels,
    double learningRate,
    double weightDecay,
    double lambda,
    int batchSize,
    double samplesPerSecond,
    double tokensPerSecond,
    long consumerLagRecords,
    Checkpoint lastCheckpoint,
    Rewards rewards,
    long parameters,
    long trainableParameters,
    Inputs inputs,
    Baseline baseline) {

  /**
   * The learnability probe (a hashed word n-gram Naive Bayes for labels, a character n-gram model
   * for generations) trained on the same records and scored on the same held-out set: the yardstick
   * beside {@code accuracy} and {@code evalLoss}. Null where it has nothing to say.
   */
  public record Baseline(
      long labelRecords,
      long generationRecords,
      Double accuracy,
      Double majorityShare,
      Double lossPerByte) {}

  /**
   * How much of the inputs the model reads: records trained, those whose input exceeded the prompt
   * budget and were cut ({@code train.data.truncation} decides which part is kept), their share.
   */
  public record Inputs(long trained, long truncated, Double truncatedShare, String truncation) {}

  /** The newest checkpoint this run wrote or resumed from. */
  public record Checkpoint(String name, long step, Instant at) {}

  /** The reward loop: {@code health} is ok, idle: ..., or degraded: no rewards for N s. */
  public record Rewards(
      String health,
      long outputsPublished,
      long received,
      long used,
      long stale,
      long unmatched,
      Instant lastRewardAt) {}
}
