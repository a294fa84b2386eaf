package io.streamtune.train.doctor;

import static io.restassured.RestAssured.given;
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
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Labels shuffled at random, through the running service on a real broker: every training and
 * held-out record of the sample task carries a random one of its four labels, while ingest's
 * quality numbers look clean (no conflicts it could see). Neither the model nor the learnability
 * probe's bag-of-words baseline beats the held-out majority share, and the doctor must say so from
 * learning alone: {@code not_learnable}, with the majority share as chance and the baseline as
 * evidence, within a bounded number of steps (before #13 this was {@code data_conflicts} with
 * chance = 1/labels; the baseline now tells "the labels do not follow from the text" apart).
 */
@QuarkusTest
@TestProfile(DoctorShuffledLabelsIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(
    value = QualityStub.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "body", value = "good"))
class DoctorShuffledLabelsIT {

  /** chance-min-steps (100), then three evaluations (every 25) at chance, and slack. */
  static final long BOUND = 250;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return DoctorProbe.smallModel("doctor-shuffled-it");
    }
  }

  @Test
  void randomLabelsAreNamedNotLearnableFromLearningAlone() throws Exception {
    Random random = new Random(11);
    List<CleanRecord> eval = shuffled(new TopicTask(7), "eval-", 64, random);
    produceRecords(Topics.RECORDS_EVAL, eval);
    produceRecords(Topics.RECORDS_CLEAN, shuffled(new TopicTask(1), "train-", 9000, random));
    double majority =
        eval.stream()
                .collect(Collectors.groupingBy(CleanRecord::completion, Collectors.counting()))
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .max()
                .orElseThrow()
            / 64.0;

    await(
        "not_learnable",
        Duration.ofSeconds(300),
        () -> causes("history").contains("not_learnable") || DoctorProbe.step() > BOUND);
    long raised = raisedAt("not_learnable");
    System.out.printf("DELAY service not_learnable (shuffled labels) at step %d%n", raised);
    assertTrue(raised > 0 && raised <= BOUND, "not_learnable at step " + raised);

    JsonPath d = diagnosis();
    String finding = "active.find { it.cause == 'not_learnable' }";
    assertEquals(majority, d.getFloat(finding + ".evidence.chanceAccuracy"), 1e-6);
    assertTrue(d.getFloat(finding + ".evidence.modelAccuracy") < majority + 0.1f, d.prettify());
    assertTrue(
        d.getFloat(finding + ".evidence.baselineAccuracy") <= majority + 0.05f, d.prettify());
    assertTrue(d.getFloat(finding + ".evidence.baselineRecords") >= 200, d.prettify());
    assertTrue(d.getString(finding + ".fix").contains("label"), d.getString(finding + ".fix"));
    assertEquals("data", d.getString(finding + ".area"));
    assertEquals(1.0, metric("not_learnable"));
    await(
        "the finding on train.events",
        Duration.ofSeconds(30),
        () -> hasEvent("doctor_finding", "cause", "not_learnable"));
    // the baseline is on /train/status and on /q/metrics
    JsonPath st = DoctorProbe.status();
    assertTrue(st.getFloat("baseline.accuracy") <= majority + 0.05f, st.prettify());
    assertTrue(st.getLong("baseline.labelRecords") >= 200, st.prettify());
    String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^streamtune_doctor_baseline_accuracy(\\{[^}]*\\})? (\\S+)$")
            .matcher(scrape);
    assertTrue(m.find(), "no streamtune_doctor_baseline_accuracy on /q/metrics");
    assertTrue(Double.parseDouble(m.group(2)) <= majority + 0.05, m.group());
    // the quality numbers were clean: the finding comes from learning, not from ingest; and with
    // a baseline to ask, it is not_learnable rather than data_conflicts
    assertTrue(!causes("history").contains("data_duplicates"), diagnosis().prettify());
    assertTrue(!causes("history").contains("data_conflicts"), diagnosis().prettify());
    assertTrue(!causes("history").contains("lr_too_high"), diagnosis().prettify());
    assertTrue(!causes("history").contains("class_ignored"), diagnosis().prettify());
    assertTrue(!causes("history").contains("input_ignored"), diagnosis().prettify());
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
