package io.streamtune.reward.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.kafka.RawHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packaged service against a real broker: ModelOutputs in on model.outputs, ModelRewards out on
 * model.rewards (every scorer, including a trained reward model), malformed values out on
 * records.rejected, health and metrics up.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TrainedRewardModelResource.class, restrictToAnnotatedClass = true)
class RewardServiceIT {

  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void scoresOutputsFromTheBrokerAndRejectsMalformedOnes() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prompt = "the striker and the coach after the match";
    Instant created = Instant.now();
    ModelOutput good =
        new ModelOutput(
            run + "-good",
            5,
            "r1",
            TaskKind.LABEL,
            prompt,
            "Sports",
            "sports",
            created,
            null,
            null);
    ModelOutput wrong =
        new ModelOutput(
            run + "-wrong",
            5,
            "r1",
            TaskKind.LABEL,
            prompt,
            "weather",
            "sports",
            created,
            null,
            null);
    ModelOutput banned =
        new ModelOutput(
            run + "-banned",
            6,
            "r1",
            TaskKind.LABEL,
            prompt,
            "darn sports",
            "sports",
            created,
            null,
            null);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (ModelOutput o : List.of(good, wrong, banned)) {
        producer.send(
            new ProducerRecord<>(
                Topics.MODEL_OUTPUTS.name(),
                o.outputId(),
                Topics.MODEL_OUTPUTS.valueSerde().serializer().serialize("", o)));
      }
      producer.send(
          new ProducerRecord<>(
              Topics.MODEL_OUTPUTS.name(), run + "-bad", "{\"oops\": ".getBytes()));
    }

    Map<String, ModelReward> rewards =
        read(Topics.MODEL_REWARDS.name(), Topics.MODEL_REWARDS.valueSerde().deserializer(), 3);
    ModelReward g = rewards.get(good.outputId());
    ModelReward w = rewards.get(wrong.outputId());
    ModelReward b = rewards.get(banned.outputId());
    assertEquals(5, g.modelVersion());
    assertEquals(
        java.util.Set.of("label_match", "length", "keywords", "format", "reward_model"),
        g.components().keySet());
    assertEquals(1.0, g.components().get("label_match"));
    assertEquals(0.0, w.components().get("label_match"));
    assertEquals(0.0, b.components().get("keywords"));
    assertEquals(1.0, g.components().get("keywords"));
    assertEquals(0.5, b.components().get("format")); // "darn sports" contains a match
    assertTrue(
        g.components().get("reward_model") > w.components().get("reward_model"),
        "reward model: good " + g.components() + " wrong " + w.components());
    assertTrue(g.reward() > w.reward() && g.reward() > b.reward(), rewards.toString());
    double mean =
        g.components().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertEquals(mean, g.reward(), 1e-9); // equal default weights: the plain mean
    assertTrue(!g.scoredAt().isBefore(created));

    Map<String, RejectedRecord> rejected =
        read(
            Topics.RECORDS_REJECTED.name(), Topics.RECORDS_REJECTED.valueSerde().deserializer(), 1);
    RejectedRecord r = rejected.values().iterator().next();
    assertEquals("malformed_output", r.reason());
    assertEquals("reward", r.rejectedBy());
    assertEquals("{\"oops\": ", r.originalText());
    assertEquals(Topics.MODEL_OUTPUTS.name(), r.source().topic());

    given().get("/q/health/ready").then().statusCode(200).body(containsString("reward scorers"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("streamtune_reward_outputs_scored_total"))
        .body(
            containsString(
                "streamtune_reward_outputs_rejected_total{reason=\"malformed_output\"} 1.0"))
        .body(containsString("streamtune_reward_score_mean{scorer=\"reward_model\"}"))
        .body(containsString("streamtune_reward_output_age_seconds_bucket"))
        .body(containsString("streamtune_reward_scoring_seconds_count"));
  }

  /**
   * The shared API-key filter runs here too: reward has no state-changing endpoint and this test
   * configures no key, so any POST is answered 503 (naming the setting) from its headers alone.
   */
  @Test
  void stateChangingRequestsMeetTheApiKeyFilterBeforeTheirBody() throws Exception {
    RawHttp.Reply reply =
        RawHttp.headersOnly(RestAssured.port, "/anything", "k", 10L << 20, 30_000);
    assertEquals(503, reply.status(), reply.text());
    assertTrue(reply.text().contains("STREAMTUNE_API_KEY"), reply.text());
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void healthReportsKafkaStreams() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", is("UP"))
        .body(containsString("Kafka Streams topics health check"));
  }

  private static KafkaProducer<String, byte[]> producer() {
    Map<String, Object> config = new HashMap<>(KafkaTestResource.running().clientConfig());
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Reads from the start of {@code topic} until {@code n} values arrived (or gives up). */
  private static <V> Map<String, V> read(String topic, Deserializer<V> values, int n) {
    Map<String, Object> config = new HashMap<>(KafkaTestResource.running().clientConfig());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "reward-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, V> out = new HashMap<>();
    Instant giveUp = Instant.now().plus(PATIENCE);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            config, new org.apache.kafka.common.serialization.StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      while (out.size() < n && Instant.now().isBefore(giveUp)) {
        for (ConsumerRecord<String, V> rec : consumer.poll(Duration.ofMillis(500))) {
          out.put(rec.key(), rec.value());
        }
      }
    }
    assertEquals(n, out.size(), "records on " + topic + ": " + out);
    return out;
  }
}
