package io.streamtune.train.doctor;

import static io.streamtune.train.doctor.DoctorProbe.actions;
import static io.streamtune.train.doctor.DoctorProbe.await;
import static io.streamtune.train.doctor.DoctorProbe.causes;
import static io.streamtune.train.doctor.DoctorProbe.diagnosis;
import static io.streamtune.train.doctor.DoctorProbe.events;
import static io.streamtune.train.doctor.DoctorProbe.heldOut;
import static io.streamtune.train.doctor.DoctorProbe.produceRecords;
import static io.streamtune.train.doctor.DoctorProbe.raisedAt;
import static io.streamtune.train.doctor.DoctorProbe.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tiny dataset replayed many times, through the running service on a real broker: the same 16
 * records arrive on records.clean 300 times over, against a held-out set of other texts. The model
 * learns them by heart (train loss to ~0) while the held-out loss climbs: the doctor names {@code
 * memorizing} and {@code overfitting} within a bounded number of steps, and marks the checkpoint of
 * the best evaluation so the run can be rolled back to it.
 */
@QuarkusTest
@TestProfile(DoctorTinyDatasetIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(
    value = QualityStub.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "body", value = "good"))
class DoctorTinyDatasetIT {

  static final int TINY = 16;
  static final long BOUND = 300;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return DoctorProbe.smallModel("doctor-tiny-it");
    }
  }

  @Test
  void aReplayedTinyDatasetIsMemorizingAndOverfittingAndTheBestCheckpointIsMarked()
      throws Exception {
    produceRecords(Topics.RECORDS_EVAL, heldOut(64));
    TopicTask task = new TopicTask(1);
    List<TopicTask.Example> tiny = new ArrayList<>();
    for (int i = 0; i < TINY; i++) {
      tiny.add(task.next());
    }
    List<CleanRecord> replayed = new ArrayList<>();
    for (int pass = 0; pass < 300; pass++) {
      for (int i = 0; i < TINY; i++) {
        // one id per text: the same 16 records, seen again and again
        replayed.add(record("tiny-" + i, tiny.get(i).text(), tiny.get(i).label(), replayed.size()));
      }
    }
    // One key, so one partition and the passes in order: keyed by id, the 16 texts spread over
    // the topic's partitions, and a reader that drained one partition before the next saw some of
    // them for the first time after 180 steps (new data, not a replay): the held-out loss fell
    // again and overfitting was not named within the bound.
    DoctorProbe.produce(Topics.RECORDS_CLEAN, replayed, r -> "tiny");

    await(
        "memorizing and overfitting",
        Duration.ofSeconds(300),
        () -> {
          List<String> h = causes("history");
          return (h.contains("memorizing") && h.contains("overfitting"))
              || DoctorProbe.step() > BOUND;
        });
    long memorizing = raisedAt("memorizing");
    long overfitting = raisedAt("overfitting");
    System.out.printf(
        "DELAY service memorizing at step %d, overfitting at step %d (16 records replayed)%n",
        memorizing, overfitting);
    assertTrue(memorizing > 0 && memorizing <= BOUND, "memorizing at step " + memorizing);
    assertTrue(overfitting > 0 && overfitting <= BOUND, "overfitting at step " + overfitting);
    JsonPath d = diagnosis();
    assertEquals("data", d.getString("history.find { it.cause == 'memorizing' }.area"));

    // the treatment: the best evaluation's checkpoint is marked, and training goes on
    await(
        "mark_best_checkpoint on train.events",
        Duration.ofSeconds(30),
        () -> actions().contains("mark_best_checkpoint"));
    TrainEvent marked =
        events().stream()
            .filter(e -> e.type().equals("doctor_action"))
            .filter(e -> "mark_best_checkpoint".equals(e.details().get("action")))
            .findFirst()
            .orElseThrow();
    long best = ((Number) marked.details().get("bestEvalStep")).longValue();
    assertTrue(best > 0 && best < overfitting, "best evaluation at " + best);
    assertEquals("overfitting", marked.details().get("cause"));
    // and the checkpoint kept as best holds the weights of that evaluation, not the newest ones
    TrainEvent kept =
        events().stream().filter(e -> e.type().equals("best_checkpoint")).findFirst().orElseThrow();
    String name = String.valueOf(kept.details().get("checkpoint"));
    assertTrue(name.startsWith("step-"), kept.details().toString());
    long keptStep = Long.parseLong(name.substring("step-".length()));
    assertTrue(keptStep <= best && keptStep > best - 10, name + " for the evaluation at " + best);
    assertTrue(!actions().contains("stop_training"), "early stop is off by default");
    assertEquals("training", DoctorProbe.status().getString("state"));
  }
}
