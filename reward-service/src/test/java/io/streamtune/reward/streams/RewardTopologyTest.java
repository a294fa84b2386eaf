package io.streamtune.reward.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.JsonSerde;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.reward.config.RewardConfig.LengthUnit;
import io.streamtune.reward.metrics.RewardMetrics;
import io.streamtune.reward.scoring.LabelMatchScorer;
import io.streamtune.reward.scoring.LengthScorer;
import io.streamtune.reward.scoring.RewardScoring;
import io.streamtune.reward.scoring.Scorer;
import io.streamtune.reward.scoring.WeightedScorer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RewardTopologyTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RewardMetrics metrics = new RewardMetrics(registry, 100);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> outputs;
  private TestOutputTopic<String, ModelReward> rewards;
  private TestOutputTopic<String, RejectedRecord> rejected;

  void start(List<WeightedScorer> scorers, int maxChars) {
    RewardScoring scoring = new RewardScoring(scorers);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reward-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            RewardTopology.build(
                new StreamsBuilder(), scoring, metrics, Clock.fixed(NOW, ZoneOffset.UTC), maxChars),
            props);
    outputs =
        driver.createInputTopic(
            Topics.MODEL_OUTPUTS.name(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    rewards =
        driver.createOutputTopic(
            Topics.MODEL_REWARDS.name(),
            Topics.MODEL_REWARDS.keySerde().deserializer(),
            Topics.MODEL_REWARDS.valueSerde().deserializer());
    rejected =
        driver.createOutputTopic(
            Topics.RECORDS_REJECTED.name(),
            Topics.RECORDS_REJECTED.keySerde().deserializer(),
            Topics.RECORDS_REJECTED.valueSerde().deserializer());
  }

  void startDefault() {
    start(
        List.of(
            new WeightedScorer(new LabelMatchScorer(), 3),
            new WeightedScorer(new LengthScorer(LengthUnit.CHARS, 1, 10, 5), 1)),
        1000);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  static ModelOutput output(String id, String completion, String reference) {
    return new ModelOutput(
        id,
        42,
        "rec",
        TaskKind.LABEL,
        "the striker scored",
        completion,
        reference,
        NOW.minusSeconds(3),
        null,
        null);
  }

  static byte[] json(ModelOutput o) {
    return JsonSerde.of(ModelOutput.class).serialize("t", o);
  }

  @Test
  void goodOutputBecomesARewardKeyedByOutputIdWithComponents() {
    startDefault();
    outputs.pipeInput("some-key", json(output("o-1", "Sports.", "sports")));
    outputs.pipeInput("o-2", json(output("o-2", "food", "sports")));

    TestRecord<String, ModelReward> first = rewards.readRecord();
    assertEquals("o-1", first.key());
    assertEquals(
        new ModelReward("o-1", 42, 1.0, Map.of("label_match", 1.0, "length", 1.0), NOW),
        first.value());
    ModelReward second = rewards.readValue();
    assertEquals(Map.of("label_match", 0.0, "length", 1.0), second.components());
    assertEquals(0.25, second.reward(), 1e-12);
    assertTrue(rejected.isEmpty());

    assertEquals(2.0, registry.get("streamtune.reward.outputs.scored").counter().count());
    assertEquals(
        0.5,
        registry.get("streamtune.reward.score.mean").tag("scorer", "label_match").gauge().value());
    assertEquals(
        0.5,
        registry
            .get("streamtune.reward.score.stddev")
            .tag("scorer", "label_match")
            .gauge()
            .value());
    assertEquals(
        2, registry.get("streamtune.reward.score").tag("scorer", "combined").summary().count());
    assertEquals(
        3.0,
        registry
            .get("streamtune.reward.output.age.seconds")
            .timer()
            .max(java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(2, registry.get("streamtune.reward.scoring.seconds").timer().count());
  }

  @Test
  void malformedValuesAreRejectedWithReasonSourceOffsetAndOriginal() {
    startDefault();
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 1, 2};
    outputs.pipeInput("k", "not json at all".getBytes(StandardCharsets.UTF_8)); // offset 0
    outputs.pipeInput("k", "{\"modelVersion\": 1, \"completion\": \"x\"}".getBytes()); // 1
    outputs.pipeInput("k", (byte[]) null); // 2: tombstone
    outputs.pipeInput("k", notUtf8); // 3
    outputs.pipeInput(
        "k",
        "{\"outputId\": \"o\", \"modelVersion\": \"v1\", \"completion\": \"x\"}".getBytes()); // 4
    outputs.pipeInput(
        "k", "{\"outputId\": \"o\", \"modelVersion\": 1, \"completion\": 5}".getBytes()); // 5
    outputs.pipeInput("k", "[1,2]".getBytes()); // 6
    outputs.pipeInput("k", json(output("o-ok", "sports", "sports"))); // 7: still flows

    List<TestRecord<String, RejectedRecord>> all = rejected.readRecordsToList();
    assertEquals(7, all.size());
    for (int i = 0; i < all.size(); i++) {
      RejectedRecord r = all.get(i).value();
      assertEquals("malformed_output", r.reason());
      assertEquals(new SourceRef(Topics.MODEL_OUTPUTS.name(), 0, i), r.source());
      assertEquals(Topics.MODEL_OUTPUTS.name() + "-0@" + i, all.get(i).key());
      assertEquals("reward", r.rejectedBy());
      assertEquals(NOW, r.rejectedAt());
    }
    assertEquals("not json at all", all.get(0).value().originalText());
    assertTrue(all.get(0).value().detail().startsWith("value is not JSON"));
    assertEquals("field outputId is missing", all.get(1).value().detail());
    assertTrue(all.get(2).value().detail().contains("tombstone"));
    assertNull(all.get(3).value().originalText());
    assertEquals(Base64.getEncoder().encodeToString(notUtf8), all.get(3).value().originalBase64());
    assertEquals(
        "field modelVersion is missing or not a whole number", all.get(4).value().detail());
    assertEquals("field completion is not a string", all.get(5).value().detail());
    assertEquals("value is not a JSON object", all.get(6).value().detail());

    assertEquals("o-ok", rewards.readRecord().key());
    assertEquals(
        7.0,
        registry
            .get("streamtune.reward.outputs.rejected")
            .tag("reason", "malformed_output")
            .counter()
            .count());
  }

  @Test
  void aMissingReferenceIsMalformedNamingFieldAndScorer() {
    startDefault();
    outputs.pipeInput("k", json(output("o-1", "sports", null)));
    RejectedRecord r = rejected.readValue();
    assertEquals("malformed_output", r.reason());
    assertEquals("field reference is missing (needed by scorer label_match)", r.detail());
  }

  @Test
  void aThrowingScorerRejectsThatOutputAndTheStreamContinues() {
    Scorer flaky =
        new Scorer() {
          @Override
          public String name() {
            return "flaky";
          }

          @Override
          public double score(ModelOutput o) {
            if (o.completion().contains("boom")) {
              throw new IllegalStateException("cannot score " + o.outputId());
            }
            return 0.5;
          }
        };
    start(List.of(new WeightedScorer(flaky, 1)), 1000);
    outputs.pipeInput("a", json(output("o-1", "boom", "x")));
    outputs.pipeInput("b", json(output("o-2", "fine", "x")));

    RejectedRecord r = rejected.readValue();
    assertEquals("scorer_failed", r.reason());
    assertEquals("scorer flaky threw IllegalStateException: cannot score o-1", r.detail());
    assertEquals(0L, r.source().offset());
    assertTrue(r.originalText().contains("\"outputId\":\"o-1\""));
    ModelReward ok = rewards.readValue();
    assertEquals("o-2", ok.outputId());
    assertEquals(Map.of("flaky", 0.5), ok.components());
    assertEquals(
        1.0,
        registry.get("streamtune.reward.scorer.failures").tag("scorer", "flaky").counter().count());
  }

  @Test
  void aTooLongCompletionIsRejectedAsTooLarge() {
    start(List.of(new WeightedScorer(new LabelMatchScorer(), 1)), 10);
    outputs.pipeInput("k", json(output("o-1", "x".repeat(11), "x")));
    RejectedRecord r = rejected.readValue();
    assertEquals("output_too_large", r.reason());
    assertEquals(
        "field completion has 11 chars, more than reward.max-completion-chars=10", r.detail());
    assertTrue(rewards.isEmpty());
  }
}
