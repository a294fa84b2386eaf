package io.streamtune.train.outputs;

import java.util.ArrayList;
import java.util.List;

/** Which joined rewards may enter a step: those whose output is at most N steps old. */
public final class RewardGate {

  /** Rewards to use, and how many were dropped as stale. */
  public record Split(List<RewardJoiner.Joined> fresh, int stale) {}

  private RewardGate() {}

  /**
   * A reward scores the weights of step {@code modelVersion}; past {@code maxAgeSteps} later its
   * gradient would push today's weights with yesterday's judgement, so it is dropped.
   */
  public static Split split(List<RewardJoiner.Joined> joined, long currentStep, long maxAgeSteps) {
    List<RewardJoiner.Joined> fresh = new ArrayList<>();
    int stale = 0;
    for (RewardJoiner.Joined j : joined) {
      long age = currentStep - j.pending().output().modelVersion();
      if (age > maxAgeSteps) {
        stale++;
      } else {
        fresh.add(j);
      }
    }
    return new Split(fresh, stale);
  }

  /**
   * The reward loop's health in words: {@code ok}, {@code idle: no outputs published}, or {@code
   * degraded: no rewards for N s} when outputs went out but no reward came back for longer than
   * {@code degradedAfterSeconds}.
   */
  public static String health(
      java.time.Instant now,
      java.time.Instant firstOutputAt,
      java.time.Instant lastRewardAt,
      long degradedAfterSeconds) {
    if (firstOutputAt == null) {
      return "idle: no outputs published";
    }
    java.time.Instant since = lastRewardAt != null ? lastRewardAt : firstOutputAt;
    long silent = java.time.Duration.between(since, now).toSeconds();
    return silent > degradedAfterSeconds ? "degraded: no rewards for " + silent + " s" : "ok";
  }
}
