package io.streamtune.reward.scoring;

import io.streamtune.common.payload.ModelOutput;

/**
 * A reward scorer: a pure function of one model output. No Kafka, no CDI, no shared mutable state
 * (a scorer may be called from several stream threads at once).
 *
 * <p>Every scorer answers in <b>[0, 1]</b>, 1 the best. A fixed range makes weights comparable and
 * keeps the combined reward in [0, 1]; the trainer's running-mean baseline centres it.
 */
public interface Scorer {

  /** The scorer's name: its key in {@code ModelReward.components} and its metrics tag. */
  String name();

  /**
   * Scores one output.
   *
   * @return a finite value in [0, 1]
   * @throws MissingFieldException when a field the scorer needs is absent
   * @throws RuntimeException when scoring fails; the output is rejected, the stream goes on
   */
  double score(ModelOutput output);
}
