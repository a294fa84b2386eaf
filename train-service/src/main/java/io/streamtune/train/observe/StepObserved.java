package io.streamtune.train.observe;

import io.streamtune.train.training.StepStats;
import java.time.Instant;
import java.util.List;

/**
 * Fired synchronously on the training thread after every optimizer step (CDI Event).
 *
 * @param pass the pass over records.clean the batch came from (0 = first)
 * @param lag records behind the end of records.clean when the batch was taken (-1 unknown)
 */
public record StepObserved(
    StepStats stats,
    int batchSize,
    List<Double> rewardsUsed,
    int pass,
    long lag,
    boolean newPartition,
    Instant at) {

  public StepObserved(StepStats stats, int batchSize, List<Double> rewardsUsed, Instant at) {
    this(stats, batchSize, rewardsUsed, 0, -1, false, at);
  }

  public StepObserved(
      StepStats stats, int batchSize, List<Double> rewardsUsed, int pass, long lag, Instant at) {
    this(stats, batchSize, rewardsUsed, pass, lag, false, at);
  }
}
