package io.streamtune.train;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topic;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.doctor.QualityStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service end to end against a real broker and the real trainer: it learns the topic task (and
 * the learning doctor, reading clean quality numbers, raises nothing on the way), predicts, guards
 * its admin endpoint, publishes outputs, and uses fresh rewards while dropping stale ones. The
 * methods share one application (one broker, one model) but not an order: each sets up or awaits
 * what it needs ({@link #trained}: the data is fed once and trained through), so they run in a
 * random order.
 */
@QuarkusTest
@TestProfile(TrainServiceIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(
    value = QualityStub.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "body", value = "good"))
@TestMethodOrder(MethodOrderer.Random.class)
class TrainServiceIT {

  static final int TRAIN_RECORDS = 9600; // 300 steps: the tiny model's known learning budget
  static final int BATCH = 32;
  static final long MAX_AGE = 20;
  static final String KEY = "it-secret-key";

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = new HashMap<>();
      c.put("streamtune.api-key", KEY);
      c.put("train.model.name", "it-model");
      // The model core's tiny learning set-up (LearningTest): 2 x 64, context 96, lr 3e-3, on
      // the byte tokenizer, which learns these short keyword texts faster: with gpt2-8192 each
      // keyword is one token whose embedding row starts from nothing (measured: 0.48 after 300
      // steps, against 0.6-0.65 with byte, where words share their bytes' rows).
      c.put("train.model.tokenizer", "byte");
      c.put("train.model.layers", "2");
      c.put("train.model.embedding", "64");
      c.put("train.model.context-length", "96");
      c.put("train.model.dropout", "0.1");
      c.put("train.optimizer.beta2", "0.99");
      c.put("train.optimizer.warmup-steps", "10");
      c.put("train.checkpoint.dir", "target/it-checkpoints/" + System.nanoTime());
      c.put("train.checkpoint.every-steps", "50");
      c.put("train.optimizer.batch-size", Integer.toString(BATCH));
      c.put("train.optimizer.learning-rate", "0.003");
      c.put("train.eval.every-steps", "50");
      c.put("train.eval.max-examples", "100");
      c.put("train.outputs.fraction", "0.05");
      c.put("train.rewards.max-age-steps", Long.toString(MAX_AGE));
      c.put("train.rewards.degraded-after-seconds", "2");
      return c;
    }
  }

  static Map<String, Object> kafka() {
    return KafkaTestResource.running().clientConfig();
  }

  static JsonPath status() {
    return given().get("/train/status").then().statusCode(200).extract().jsonPath();
  }

  /** Waits for a condition that the system reaches by itself; the limit only guards a hang. */
  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (status().getString("state").startsWith("failed")) {
        throw new AssertionError(
            "training failed while waiting for: " + what + "; " + status().getString("state"));
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "gave up waiting for: " + what + "; status " + status().prettify());
      }
      Thread.sleep(250);
    }
  }

  /** The status and diagnosis the moment the whole training set had been trained. */
  record Trained(JsonPath status, JsonPath diagnosis) {}

  private static boolean fed;
  private static Trained trained;

  /** Feeds the held-out and training records, once per application. */
  static synchronized void feed() throws Exception {
    if (!fed) {
      TopicTaskFeed.send(kafka(), Topics.RECORDS_EVAL, "eval", 7, 100);
      TopicTaskFeed.send(kafka(), Topics.RECORDS_CLEAN, "train", 1, TRAIN_RECORDS);
      fed = true;
    }
  }

  /**
   * Feeds the data (once) and waits until all of it has been trained: the model every method but
   * the prediction test needs. What it answers was read before any method changed anything.
   */
  static synchronized Trained trained() throws Exception {
    if (trained == null) {
      feed();
      await(
          "all records trained",
          Duration.ofMinutes(8),
          () -> status().getLong("samplesSeen") == TRAIN_RECORDS);
      trained =
          new Trained(
              status(),
              given().get("/train/diagnosis").then().statusCode(200).extract().jsonPath());
    }
    return trained;
  }

  @Test
  void learnsTheTopicTaskWellAboveChance() throws Exception {
    // The last evaluation ran within 50 steps of the end of the data.
    JsonPath s = trained().status();
    long steps = s.getLong("step");
    // Bounded: full batches give 300 steps; a few partly filled ones (max-wait) while records
    // are still arriving may add some.
    assertTrue(steps <= 2 * TRAIN_RECORDS / BATCH, "steps: " + steps);
    float accuracy = s.getFloat("accuracy");
    assertTrue(
        accuracy >= 0.5, // twice chance; the tiny model reaches ~0.6-0.65 by step 300
        "held-out accuracy " + accuracy + " after " + steps + " steps (chance 0.25)");
    assertEquals(100, s.getInt("heldOutExamples"));
    assertEquals(TopicTask.LABELS.size(), s.getList("labels").size());
    assertNotNull(s.getString("lastCheckpoint.name"));
    assertTrue(s.getDouble("trainLoss") > 0);
    // a healthy run on clean data: the doctor has nothing to say (no false alarms)
    JsonPath d = trained().diagnosis();
    assertEquals(List.of(), d.getList("history.cause"), d.prettify());
  }

  @Test
  void predictsLabelsWithProbabilitiesAndGenerates() throws Exception {
    // Needs the trainer running and the label set known (from the first labelled records).
    feed();
    await(
        "the label set known",
        Duration.ofMinutes(2),
        () -> {
          JsonPath s = status();
          return s.getString("state").equals("training")
              && s.getList("labels").size() == TopicTask.LABELS.size();
        });
    JsonPath one =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("text", "the striker scored a goal for the team"))
            .post("/train/predict")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Float> probs = one.getMap("probabilities");
    assertEquals(TopicTask.LABELS.size(), probs.size());
    assertEquals(1.0, probs.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-3);
    // The completion is the most likely allowed label (how good it is: the accuracy test).
    String best =
        probs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertEquals(best, one.getString("completion"));

    List<Map<String, Object>> many =
        given()
            .contentType(ContentType.JSON)
            .body(
                List.of(
                    Map.of("text", "garlic bread from the oven"), Map.of("prompt", "the weather")))
            .post("/train/predict")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertEquals(2, many.size());
    assertTrue(TopicTask.LABELS.contains(many.get(0).get("completion")));
    assertTrue(many.get(1).get("completion") instanceof String);

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("words", "x"))
        .post("/train/predict")
        .then()
        .statusCode(400);
  }

  @Test
  void adminChangesNeedTheKeyAreValidatedAndPublished() throws Exception {
    trained(); // a change waits for the end of the learning run (and its checkpoint events)
    String body = "{\"learningRate\": 0.002, \"lambda\": 0.5}";
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(401);
    given()
        .header("X-API-Key", "wrong")
        .contentType(ContentType.JSON)
        .body(body)
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(401);
    given()
        .header("X-API-Key", KEY)
        .contentType(ContentType.JSON)
        .body("{\"learningRate\": -3}")
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(400);
    given()
        .header("X-API-Key", KEY)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(200);
    JsonPath s = status();
    assertEquals(0.002, s.getDouble("learningRate"), 1e-9);
    assertEquals(0.5, s.getDouble("lambda"), 1e-9);
    List<TrainEvent> events = readAll(Topics.TRAIN_EVENTS, 2);
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.type().equals("hyperparameters_changed")
                        && "learningRate".equals(e.details().get("name"))));
    assertTrue(events.stream().anyMatch(e -> e.type().equals("checkpoint")));
  }

  @Test
  void publishesOutputsUsesFreshRewardsAndDropsStaleOnes() throws Exception {
    trained();
    // Rewards reach the gradient only at lambda > 0 (default 0).
    given()
        .header("X-API-Key", KEY)
        .contentType(ContentType.JSON)
        .body("{\"lambda\": 0.5}")
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(200);
    List<ModelOutput> outputs = readAll(Topics.MODEL_OUTPUTS, 1);
    assertFalse(outputs.isEmpty());
    assertTrue(
        outputs.stream()
            .allMatch(o -> TopicTask.LABELS.contains(o.reference()) && o.modelVersion() > 0));
    // Outputs went out and no reward came back: degraded, but still ready.
    await(
        "reward health degraded",
        Duration.ofSeconds(30),
        () ->
            given()
                .get("/q/health/ready")
                .then()
                .extract()
                .asString()
                .contains("degraded: no rewards for"));
    given().get("/q/health/ready").then().statusCode(200);

    // Training is idle (all data trained), so the next step runs at exactly this step count.
    long step = status().getLong("step");
    List<ModelOutput> fresh =
        outputs.stream().filter(o -> o.modelVersion() >= step - 10).limit(5).toList();
    List<ModelOutput> stale =
        outputs.stream().filter(o -> o.modelVersion() < step - MAX_AGE - 5).limit(5).toList();
    assertEquals(5, fresh.size());
    assertEquals(5, stale.size());
    try (KafkaProducer<String, ModelReward> p = producer(Topics.MODEL_REWARDS)) {
      for (ModelOutput o : concat(fresh, stale)) {
        double r = o.completion().equals(o.reference()) ? 1.0 : 0.0;
        p.send(
            new ProducerRecord<>(
                Topics.MODEL_REWARDS.name(),
                o.outputId(),
                new ModelReward(
                    o.outputId(), o.modelVersion(), r, Map.of("label_match", r), Instant.now())));
      }
    }
    await(
        "rewards received",
        Duration.ofSeconds(30),
        () -> status().getLong("rewards.received") == 10);
    TopicTaskFeed.send(kafka(), Topics.RECORDS_CLEAN, "more", 99, BATCH);
    await("one more step", Duration.ofSeconds(60), () -> status().getLong("step") > step);
    JsonPath s = status();
    assertEquals(5, s.getLong("rewards.used"));
    assertEquals(5, s.getLong("rewards.stale"));
    assertEquals("ok", s.getString("rewards.health"));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String name :
        List.of(
            "streamtune_train_rewards_used_total 5.0",
            "streamtune_train_rewards_stale_total 5.0",
            "streamtune_train_reward_latency_seconds{quantile=\"0.99\"}",
            "streamtune_train_freshness_seconds{quantile=\"0.5\"}",
            "streamtune_train_loss{split=\"eval\"}",
            "streamtune_train_loss{split=\"train\"}",
            "streamtune_train_eval_accuracy ",
            "streamtune_train_eval_label_accuracy{label=\"food\"}",
            "streamtune_train_step_seconds_count{phase=\"compute\"}",
            "streamtune_train_step_seconds_count{phase=\"wait\"}",
            "streamtune_train_samples_total",
            "streamtune_train_tokens_total",
            "streamtune_train_consumer_lag_records 0.0",
            "streamtune_train_checkpoint_age_seconds",
            "streamtune_train_nonfinite_steps_total",
            "streamtune_train_lambda 0.5",
            "streamtune_train_learning_rate",
            "streamtune_train_grad_norm",
            "streamtune_train_update_ratio",
            "streamtune_train_reward_share",
            "streamtune_train_reward_loss",
            "streamtune_train_reward_count{scorer=\"label_match\"} 5.0",
            "streamtune_train_device_info{device=")) {
      assertTrue(metrics.contains(name), "missing metric " + name);
    }
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
    return new KafkaProducer<>(
        kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Everything on a topic now (it is not being written to by then). */
  static <V> List<V> readAll(Topic<String, V> topic, int partitions) {
    Map<String, Object> c = new HashMap<>(kafka());
    c.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            c, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      consumer
          .partitionsFor(topic.name())
          .forEach(i -> tps.add(new TopicPartition(topic.name(), i.partition())));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      List<V> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
      return out;
    }
  }
}
