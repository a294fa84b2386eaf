package io.streamtune.train.outputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            id,
            version,
            "r-" + id,
            TaskKind.LABEL,
            "text",
            "food",
            "food",
            Instant.now(),
            null,
            null),
        Instant.now());
  }

  static ModelReward reward(String id, double r) {
    return new ModelReward(id, 0, r, Map.of("label_match", r), Instant.now());
  }

  @Test
  void rewardsJoinTheirOutputOnceAndUnknownOnesAreCounted() {
    PendingOutputs pending = new PendingOutputs(10);
    RewardJoiner joiner =
        new RewardJoiner(Map.of("bootstrap.servers", "unused:1"), pending, 100, "m");
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
  void anotherModelsRewardsAreIgnoredWithoutCountingAsUnmatched() {
    PendingOutputs pending = new PendingOutputs(10);
    RewardJoiner joiner =
        new RewardJoiner(Map.of("bootstrap.servers", "unused:1"), pending, 100, "m");
    pending.put(pending("a", 5));
    joiner.accept(new ModelReward("b", 5, 1.0, Map.of(), Instant.now(), "variant-2"));
    joiner.accept(new ModelReward("a", 5, 1.0, Map.of(), Instant.now(), "m"));
    assertEquals(1, joiner.foreign());
    assertEquals(0, joiner.unmatched());
    assertEquals(1, joiner.drain(10).size());
  }

  @Test
  void payloadsWithoutTheSamplingRecordStillRead() {
    String old =
        "{\"outputId\":\"o\",\"modelVersion\":3,\"recordId\":\"r\",\"kind\":\"LABEL\","
            + "\"prompt\":\"t\",\"completion\":\"food\",\"reference\":\"food\"}";
    ModelOutput out =
        io.streamtune.common.Topics.MODEL_OUTPUTS
            .valueSerde()
            .deserializer()
            .deserialize("model.outputs", old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("food", out.completion());
    assertNull(out.model());
    assertNull(out.sampled());
    ModelOutput.Sampled s = new ModelOutput.Sampled(1, List.of("a", "b"), null, true, -0.5, 1.0);
    ModelOutput now =
        new ModelOutput("o", 3, "r", TaskKind.LABEL, "t", "b", "b", Instant.now(), "m", s);
    byte[] bytes =
        io.streamtune.common.Topics.MODEL_OUTPUTS.valueSerde().serializer().serialize("x", now);
    ModelOutput back =
        io.streamtune.common.Topics.MODEL_OUTPUTS
            .valueSerde()
            .deserializer()
            .deserialize("x", bytes);
    assertEquals("m", back.model());
    assertEquals(1, back.sampled().labelIndex());
    assertEquals(-0.5, back.sampled().logProb(), 1e-12);
  }

  @Test
  void aGenerationsSampledTokenIdsTravelAndOldSamplingRecordsReadWithoutTopK() {
    ModelOutput.Sampled s =
        new ModelOutput.Sampled(null, null, new int[] {104, 195, 40}, false, -7.25, 0.8, 40);
    ModelOutput out =
        new ModelOutput(
            "g", 4, "r", TaskKind.GENERATION, "p", "h\uFFFD(", "ref", Instant.now(), "m", s);
    var serde = io.streamtune.common.Topics.MODEL_OUTPUTS.valueSerde();
    ModelOutput back =
        serde.deserializer().deserialize("x", serde.serializer().serialize("x", out));
    assertArrayEquals(new int[] {104, 195, 40}, back.sampled().tokenIds());
    assertFalse(back.sampled().endedWithEos());
    assertEquals(-7.25, back.sampled().logProb(), 1e-12);
    assertEquals(0.8, back.sampled().temperature(), 1e-12);
    assertEquals(40, back.sampled().topK());
    String before =
        "{\"outputId\":\"o\",\"modelVersion\":3,\"kind\":\"LABEL\",\"completion\":\"b\","
            + "\"sampled\":{\"labelIndex\":1,\"labels\":[\"a\",\"b\"],\"endedWithEos\":true,"
            + "\"logProb\":-0.5,\"temperature\":1.0}}";
    ModelOutput old =
        serde
            .deserializer()
            .deserialize("x", before.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertNull(old.sampled().topK());
    assertNull(old.sampled().tokenIds());
    assertEquals(1, old.sampled().labelIndex());
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
    RewardJoiner joiner =
        new RewardJoiner(Map.of("bootstrap.servers", "unused:1"), pending, 100, "m");
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
