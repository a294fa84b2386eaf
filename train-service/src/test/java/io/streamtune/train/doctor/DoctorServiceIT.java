package io.streamtune.train.doctor;

import static io.restassured.RestAssured.given;
import static io.streamtune.train.doctor.DoctorProbe.await;
import static io.streamtune.train.doctor.DoctorProbe.causes;
import static io.streamtune.train.doctor.DoctorProbe.diagnosis;
import static io.streamtune.train.doctor.DoctorProbe.hasEvent;
import static io.streamtune.train.doctor.DoctorProbe.heldOut;
import static io.streamtune.train.doctor.DoctorProbe.metric;
import static io.streamtune.train.doctor.DoctorProbe.produceRecords;
import static io.streamtune.train.doctor.DoctorProbe.record;
import static io.streamtune.train.doctor.DoctorProbe.status;
import static org.hamcrest.Matchers.containsString;
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
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      Map<String, String> c = DoctorProbe.smallModel("doctor-it");
      c.put("streamtune.api-key", KEY);
      return c;
    }
  }

  static void send() {
    produceRecords(Topics.RECORDS_EVAL, heldOut(64));
    TopicTask train = new TopicTask(1);
    List<CleanRecord> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      TopicTask.Example e = train.next();
      records.add(record("train-" + i, e.text(), e.label(), i));
    }
    produceRecords(Topics.RECORDS_CLEAN, records);
  }

  @Test
  @Order(1)
  void ingestQualityNumbersBecomeFindingsEverywhereAndClearWhenTheyRecover() throws Exception {
    QualityStub.body = QualityStub.BAD;
    send();
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

    QualityStub.body = null; // ingest failing: the last numbers stand, the relay says why
    given()
        .get("/train/quality")
        .then()
        .statusCode(503)
        .body("error", containsString("answered 503"));
    Thread.sleep(1_000); // several poll turns (every 0.2 s) against the failing service
    assertTrue(causes("active").contains("data_conflicts"));

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
