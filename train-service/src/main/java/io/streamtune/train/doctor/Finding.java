package io.streamtune.train.doctor;

import java.time.Instant;
import java.util.Map;

/**
 * A diagnosis: the cause, the numbers that show it, since when, and the fix to try.
 *
 * @param cause what is wrong
 * @param evidence named numbers (e.g. {@code lossJumpLog}, {@code evalLossTrendZ}) at raise time,
 *     refreshed while the finding is active
 * @param sinceStep training step at which it was raised
 * @param since wall-clock time at which it was raised
 * @param fix plain-language suggestion
 * @param clearedStep step at which it cleared, or -1 while active
 * @param cleared time at which it cleared, or null while active
 */
public record Finding(
    Cause cause,
    Map<String, Double> evidence,
    long sinceStep,
    Instant since,
    String fix,
    long clearedStep,
    Instant cleared) {

  public Finding {
    evidence = Map.copyOf(evidence);
  }

  static Finding raised(Cause cause, Map<String, Double> evidence, long step, Instant at) {
    return new Finding(cause, evidence, step, at, cause.fix(), -1, null);
  }

  Finding withEvidence(Map<String, Double> e) {
    return new Finding(cause, e, sinceStep, since, fix, clearedStep, cleared);
  }

  Finding clearedAt(long step, Instant at) {
    return new Finding(cause, evidence, sinceStep, since, fix, step, at);
  }

  public boolean active() {
    return cleared == null;
  }
}
