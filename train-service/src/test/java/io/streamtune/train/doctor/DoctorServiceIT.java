package io.streamtune.train.doctor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.common.sample.TopicTask;
import io.streamtune.kafka.KafkaTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The doctor inside the running service, real broker and real trainer: the ingest quality numbers
 * become findings on GET /train/diagnosis, in the metric and on train.events, and clear when the
 * numbers recover; an operator's learning rate ×100 is named, rolled back and cut.
 */
@QuarkusTest
@TestProfile(DoctorServiceIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = QualityStub.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorServiceIT {

  static final String KEY = "doctor-it-key";
  static final int RECORDS = 8000;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = new HashMap<>();
      c.put("streamtune.api-key", KEY);
      c.put("train.model.name", "doctor-it");
      c.put("train.model.embedding", "64");
      c.put("train.model.context-length", "96");
      c.put("train.checkpoint.dir", "target/doctor-it-checkpoints/" + System.nanoTime());
      c.put("train.checkpoint.every-steps", "10");
      c.put("train.optimizer.batch-size", "16");
      c.put("train.optimizer.learning-rate", "0.003");
      c.put("train.eval.every-steps", "25");
      c.put("train.eval.max-examples", "64");
      c.put("train.outputs.fraction", "0");
      return c;
    }
  }

  static JsonPath diagnosis() {
    return given().get("/train/diagnosis").then().statusCode(200).extract().jsonPath();
  }

  static JsonPath status() {
    return given().get("/train/status").then().statusCode(200).extract().jsonPath();
  }

  static List<String> causes(String list) {
    return diagnosis().getList(list + ".cause");
  }

  static double metric(String cause) {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^streamtune_doctor_finding\\{cause=\"" + cause + "\"[^}]*\\} (\\S+)$")
            .matcher(text);
    assertTrue(m.find(), "no streamtune_doctor_finding for " + cause);
    return Double.parseDouble(m.group(1));
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "gave up waiting for: " + what + "; diagnosis " + diagnosis().prettify());
      }
      Thread.sleep(200);
    }
  }

  static void send(Map<String, Object> kafka) throws Exception {
    TopicTask train = new TopicTask(1);
    TopicTask eval = new TopicTask(7);
    try (KafkaProducer<String, CleanRecord> p =
        new KafkaProducer<>(
            kafka,
            Topics.RECORDS_CLEAN.keySerde().serializer(),
            Topics.RECORDS_CLEAN.valueSerde().serializer())) {
      for (int i = 0; i < 64; i++) {
        CleanRecord r = record("eval-" + i, eval.next(), i);
        p.send(new ProducerRecord<>(Topics.RECORDS_EVAL.name(), r.id(), r));
      }
      for (int i = 0; i < RECORDS; i++) {
        CleanRecord r = record("train-" + i, train.next(), i);
        p.send(new ProducerRecord<>(Topics.RECORDS_CLEAN.name(), r.id(), r));
      }
      p.flush();
    }
  }

  static CleanRecord record(String id, TopicTask.Example e, int i) {
    return new CleanRecord(
        id,
        TaskKind.LABEL,
        e.text(),
        e.label(),
        new SourceRef("records.raw", 0, i),
        Instant.now(),
        List.of());
  }

  static List<TrainEvent> events() {
    Map<String, Object> c = new HashMap<>(KafkaTestResource.running().clientConfig());
    try (KafkaConsumer<String, TrainEvent> consumer =
        new KafkaConsumer<>(
            c,
            Topics.TRAIN_EVENTS.keySerde().deserializer(),
            Topics.TRAIN_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      consumer
          .partitionsFor(Topics.TRAIN_EVENTS.name())
          .forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      List<TrainEvent> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }

  static boolean hasEvent(String type, String key, Object value) {
    return events().stream()
        .anyMatch(e -> e.type().equals(type) && value.equals(e.details().get(key)));
  }

  @Test
  @Order(1)
  void ingestQualityNumbersBecomeFindingsEverywhereAndClearWhenTheyRecover() throws Exception {
    QualityStub.body = QualityStub.BAD;
    send(KafkaTestResource.running().clientConfig());
    await(
        "data findings", Duration.ofSeconds(60), () -> causes("active").contains("data_conflicts"));
    assertTrue(causes("active").containsAll(List.of("data_duplicates", "class_imbalance")));
    JsonPath d = diagnosis();
    assertEquals(
        0.2f, d.getFloat("active.find { it.cause == 'data_conflicts' }.evidence.conflictRate"));
    assertEquals(
        0.8f,
        d.getFloat(
            "active.find { it.cause == 'data_conflicts' }.evidence.maxAccuracyFromConflicts"),
        1e-6);
    assertTrue(
        d.getString("active.find { it.cause == 'data_conflicts' }.fix").contains("labelling"));
    assertEquals(1.0, metric("data_conflicts"));
    assertEquals(0.0, metric("reward_dead")); // every cause exists from the start
    await(
        "finding on train.events",
        Duration.ofSeconds(30),
        () -> hasEvent("doctor_finding", "cause", "data_conflicts"));

    QualityStub.body = QualityStub.GOOD;
    await(
        "data findings clear",
        Duration.ofSeconds(30),
        () -> !causes("active").contains("data_conflicts"));
    assertEquals(0.0, metric("data_conflicts"));
    assertTrue(causes("history").contains("data_conflicts"));
    await(
        "cleared on train.events",
        Duration.ofSeconds(30),
        () -> hasEvent("doctor_finding_cleared", "cause", "data_conflicts"));
  }

  @Test
  @Order(2)
  void learningRateTimes100IsNamedRolledBackAndCut() throws Exception {
    await("a healthy stretch", Duration.ofSeconds(120), () -> status().getLong("step") >= 120);
    assertTrue(!causes("history").contains("lr_too_high"), "no divergence before the mistake");
    long before = status().getLong("step");
    given()
        .header("X-API-Key", KEY)
        .contentType(ContentType.JSON)
        .body("{\"learningRate\": 0.3}")
        .post("/train/admin/hyperparameters")
        .then()
        .statusCode(200);
    await("lr_too_high", Duration.ofSeconds(60), () -> causes("history").contains("lr_too_high"));
    long raised = diagnosis().getLong("history.find { it.cause == 'lr_too_high' }.sinceStep");
    System.out.printf(
        "DELAY service lr_too_high %d steps after the change (at ~step %d)%n",
        raised - before, before);
    assertTrue(raised - before <= 15, "named " + (raised - before) + " steps after the change");
    await(
        "rollback event",
        Duration.ofSeconds(30),
        () -> hasEvent("doctor_action", "action", "rollback"));
    assertTrue(hasEvent("doctor_action", "action", "lr_cut"));
    assertTrue(status().getDouble("learningRate") < 0.3 * 0.5, "learning rate cut");
    assertTrue(metric("lr_too_high") >= 0);
  }
}
