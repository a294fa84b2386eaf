package io.streamtune.train.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.TaskKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardPathTest {

  static PendingOutputs.Pending pending(String id, long version) {
    return new PendingOutputs.Pending(
        new ModelOutput(
            id, version, "r-" + id, TaskKind.LABEL, "text", "food", "food", Instant.now()),
        Instant.now());
  }

  static ModelReward reward(String id, double r) {
    return new ModelReward(id, 0, r, Map.of("label_match", r), Instant.now());
  }

  @Test
  void rewardsJoinTheirOutputOnceAndUnknownOnesAreCounted() {
    PendingOutputs pending = new PendingOutputs(10);
    RewardJoiner joiner = new RewardJoiner(Map.of("bootstrap.servers", "unused:1"), pending, 100);
    pending.put(pending("a", 5));
    joiner.accept(reward("a", 1.0));
    joiner.accept(reward("a", 1.0)); // duplicate delivery: its output was already taken
    joiner.accept(reward("zzz", 0.0));
    List<RewardJoiner.Joined> joined = joiner.drain(10);
    assertEquals(1, joined.size());
    assertEquals("food", joined.get(0).pending().output().completion());
    assertEquals(2, joiner.unmatched());
    assertEquals(3, joiner.received());
  }

  @Test
  void theBufferForgetsTheOldestOutputs() {
    PendingOutputs pending = new PendingOutputs(2);
    pending.put(pending("a", 1));
    pending.put(pending("b", 2));
    pending.put(pending("c", 3));
    assertNull(pending.take("a"));
    assertEquals(1, pending.evicted());
    assertEquals("b", pending.take("b").output().outputId());
  }

  @Test
  void rewardsOlderThanMaxAgeStepsAreStale() {
    PendingOutputs pending = new PendingOutputs(10);
    RewardJoiner joiner = new RewardJoiner(Map.of("bootstrap.servers", "unused:1"), pending, 100);
    for (long v : new long[] {10, 79, 80, 100}) {
      pending.put(pending("o" + v, v));
      joiner.accept(reward("o" + v, 0.5));
    }
    RewardGate.Split split = RewardGate.split(joiner.drain(10), 100, 20);
    assertEquals(2, split.stale());
    assertEquals(
        List.of(80L, 100L),
        split.fresh().stream().map(j -> j.pending().output().modelVersion()).toList());
  }

  @Test
  void healthSaysDegradedOnlyWhenOutputsWentOutAndNoRewardCameBack() {
    Instant now = Instant.parse("2026-01-01T00:10:00Z");
    assertEquals("idle: no outputs published", RewardGate.health(now, null, null, 60));
    assertEquals("ok", RewardGate.health(now, now.minusSeconds(30), null, 60));
    assertEquals(
        "degraded: no rewards for 120 s", RewardGate.health(now, now.minusSeconds(120), null, 60));
    assertEquals(
        "degraded: no rewards for 90 s",
        RewardGate.health(now, now.minusSeconds(500), now.minusSeconds(90), 60));
    assertEquals("ok", RewardGate.health(now, now.minusSeconds(500), now.minusSeconds(5), 60));
  }
}
