package io.streamtune.train.observe;

import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalStats;
import java.time.Instant;

/**
 * Fired synchronously on the training thread after every evaluation, and again (same stats, same
 * step) while the stream stays idle, so a watcher sees a bounded stream run out.
 *
 * @param step the training step evaluated
 * @param stats the language model on the held-out set
 * @param baseline the learnability probe on the same held-out set
 * @param stream where the stream stands at this moment
 * @param at when
 */
public record EvalObserved(
    long step, EvalStats stats, Baseline baseline, Stream stream, Instant at) {

  public EvalObserved {
    baseline = baseline == null ? Baseline.NONE : baseline;
    stream = stream == null ? Stream.UNKNOWN : stream;
  }

  public EvalObserved(long step, EvalStats stats, Instant at) {
    this(step, stats, Baseline.NONE, Stream.UNKNOWN, at);
  }

  /**
   * The stream at an evaluation.
   *
   * @param pass the pass over records.clean the last batch came from (0 = first)
   * @param lag records behind the end of records.clean (-1 unknown)
   * @param idleSeconds seconds since the last batch with records (0 while batches flow)
   * @param inputsTrained training records so far
   * @param inputsTruncated those whose input exceeded the prompt budget
   */
  public record Stream(
      int pass, long lag, double idleSeconds, long inputsTrained, long inputsTruncated) {
    public static final Stream UNKNOWN = new Stream(0, -1, 0, 0, 0);
  }
}
