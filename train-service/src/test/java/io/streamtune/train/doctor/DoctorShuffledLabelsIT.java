package io.streamtune.train.doctor;

import static io.streamtune.train.doctor.DoctorProbe.await;
import static io.streamtune.train.doctor.DoctorProbe.causes;
import static io.streamtune.train.doctor.DoctorProbe.diagnosis;
import static io.streamtune.train.doctor.DoctorProbe.hasEvent;
import static io.streamtune.train.doctor.DoctorProbe.metric;
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
import io.streamtune.common.sample.TopicTask;
import io.streamtune.kafka.KafkaTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Labels shuffled at random, through the running service on a real broker: every training and
 * held-out record of the sample task carries a random one of its four labels, while ingest's
 * quality numbers look clean (no conflicts it could see). The model cannot beat chance, and the
 * doctor must say so from learning alone: {@code data_conflicts}, with chance accuracy as evidence,
 * within a bounded number of steps.
 */
@QuarkusTest
@TestProfile(DoctorShuffledLabelsIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(
    value = QualityStub.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "body", value = "good"))
class DoctorShuffledLabelsIT {

  /** The detector needs 300 steps and then three evaluations (every 25) at chance. */
  static final long BOUND = 450;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return DoctorProbe.smallModel("doctor-shuffled-it");
    }
  }

  @Test
  void randomLabelsAreNamedDataConflictsFromLearningAlone() throws Exception {
    Random random = new Random(11);
    produceRecords(Topics.RECORDS_EVAL, shuffled(new TopicTask(7), "eval-", 64, random));
    produceRecords(Topics.RECORDS_CLEAN, shuffled(new TopicTask(1), "train-", 9000, random));

    await(
        "data_conflicts",
        Duration.ofSeconds(300),
        () -> causes("history").contains("data_conflicts") || DoctorProbe.step() > BOUND);
    long raised = raisedAt("data_conflicts");
    System.out.printf("DELAY service data_conflicts (shuffled labels) at step %d%n", raised);
    assertTrue(raised > 0 && raised <= BOUND, "data_conflicts at step " + raised);

    JsonPath d = diagnosis();
    String finding = "active.find { it.cause == 'data_conflicts' }";
    assertEquals(0.25f, d.getFloat(finding + ".evidence.chanceAccuracy"), 1e-6);
    assertTrue(d.getFloat(finding + ".evidence.evalAccuracy") < 0.25f + 0.1f, d.prettify());
    assertTrue(d.getString(finding + ".fix").contains("label"), d.getString(finding + ".fix"));
    assertEquals("data", d.getString(finding + ".area"));
    assertEquals(1.0, metric("data_conflicts"));
    await(
        "the finding on train.events",
        Duration.ofSeconds(30),
        () -> hasEvent("doctor_finding", "cause", "data_conflicts"));
    // the quality numbers were clean: the finding comes from learning, not from ingest
    assertTrue(!causes("history").contains("data_duplicates"), diagnosis().prettify());
    assertTrue(!causes("history").contains("lr_too_high"), diagnosis().prettify());
  }

  /** The task's texts, each with a label drawn at random from the four. */
  static List<CleanRecord> shuffled(TopicTask task, String prefix, int n, Random random) {
    List<CleanRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String label = TopicTask.LABELS.get(random.nextInt(TopicTask.LABELS.size()));
      out.add(record(prefix + i, task.next().text(), label, i));
    }
    return out;
  }
}
