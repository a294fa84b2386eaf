package io.streamtune.train.doctor;

import static io.streamtune.train.doctor.DoctorProbe.actions;
import static io.streamtune.train.doctor.DoctorProbe.await;
import static io.streamtune.train.doctor.DoctorProbe.causes;
import static io.streamtune.train.doctor.DoctorProbe.diagnosis;
import static io.streamtune.train.doctor.DoctorProbe.heldOut;
import static io.streamtune.train.doctor.DoctorProbe.produceRecords;
import static io.streamtune.train.doctor.DoctorProbe.raisedAt;
import static io.streamtune.train.doctor.DoctorProbe.record;
import static io.streamtune.train.doctor.DoctorProbe.status;
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
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.ModelReward;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A constant reward, through the running service on a real broker: the test stands in for the
 * reward service, reading every sampled output on model.outputs and answering on model.rewards with
 * the same reward each time. The reward term then carries no signal: the doctor names {@code
 * reward_dead} within a bounded number of rewards, holds λ at 0, and gives λ back once the test's
 * rewards spread again.
 */
@QuarkusTest
@TestProfile(DoctorConstantRewardIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(
    value = QualityStub.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "body", value = "good"))
class DoctorConstantRewardIT {

  static final double LAMBDA = 0.5;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = DoctorProbe.smallModel("doctor-reward-it");
      c.put("train.outputs.fraction", "0.5");
      c.put("train.rewards.lambda", String.valueOf(LAMBDA));
      return c;
    }
  }

  /** Answers every output on model.outputs: 1.0 while {@code constant}, else a random reward. */
  static final class Scorer implements AutoCloseable {
    final AtomicBoolean constant = new AtomicBoolean(true);
    final AtomicLong answered = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "test-reward-scorer");

    Scorer() {
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      Map<String, Object> kafka = KafkaTestResource.running().clientConfig();
      Random random = new Random(5);
      try (KafkaConsumer<String, ModelOutput> in =
              new KafkaConsumer<>(
                  kafka,
                  Topics.MODEL_OUTPUTS.keySerde().deserializer(),
                  Topics.MODEL_OUTPUTS.valueSerde().deserializer());
          KafkaProducer<String, ModelReward> out =
              new KafkaProducer<>(
                  kafka,
                  Topics.MODEL_REWARDS.keySerde().serializer(),
                  Topics.MODEL_REWARDS.valueSerde().serializer())) {
        List<TopicPartition> tps = new ArrayList<>();
        in.partitionsFor(Topics.MODEL_OUTPUTS.name())
            .forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
        in.assign(tps);
        in.seekToBeginning(tps);
        while (running.get()) {
          for (var r : in.poll(Duration.ofMillis(100))) {
            double reward = constant.get() ? 1.0 : random.nextDouble();
            ModelOutput o = r.value();
            out.send(
                new ProducerRecord<>(
                    Topics.MODEL_REWARDS.name(),
                    o.outputId(),
                    new ModelReward(
                        o.outputId(),
                        o.modelVersion(),
                        reward,
                        Map.of("test", reward),
                        Instant.now())));
            answered.incrementAndGet();
          }
          out.flush();
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }

  @Test
  void aConstantRewardIsDeadLambdaIsHeldAtZeroAndRestoredWhenRewardsSpread() throws Exception {
    produceRecords(Topics.RECORDS_EVAL, heldOut(64));
    TopicTask task = new TopicTask(1);
    List<CleanRecord> records = new ArrayList<>();
    for (int i = 0; i < 8000; i++) {
      TopicTask.Example e = task.next();
      records.add(record("train-" + i, e.text(), e.label(), i));
    }
    try (Scorer scorer = new Scorer()) {
      produceRecords(Topics.RECORDS_CLEAN, records);
      await(
          "reward_dead", Duration.ofSeconds(120), () -> causes("history").contains("reward_dead"));
      long raised = raisedAt("reward_dead");
      System.out.printf(
          "DELAY service reward_dead at step %d (%d rewards needed, outputs of half of each batch"
              + " of 16)%n",
          raised, Thresholds.defaults().rewardMin());
      assertTrue(raised > 0 && raised <= 30, "reward_dead at step " + raised);
      JsonPath d = diagnosis();
      String f = "active.find { it.cause == 'reward_dead' }";
      assertEquals(0.0f, d.getFloat(f + ".evidence.rewardStd"), 1e-9);
      assertEquals(1.0f, d.getFloat(f + ".evidence.rewardMean"), 1e-6);
      assertEquals("feedback", d.getString(f + ".area"));

      // the treatment: λ held at 0 while the reward says nothing, training goes on
      await("λ held at 0", Duration.ofSeconds(30), () -> status().getDouble("lambda") == 0.0);
      assertTrue(actions().contains("lambda_off"), actions().toString());
      long heldAt = status().getLong("step");
      await(
          "training goes on", Duration.ofSeconds(60), () -> status().getLong("step") > heldAt + 10);
      assertEquals(0.0, status().getDouble("lambda"));

      // a reward with spread again: the finding clears and λ comes back
      scorer.constant.set(false);
      await(
          "reward_dead clears",
          Duration.ofSeconds(120),
          () -> !causes("active").contains("reward_dead"));
      await("λ restored", Duration.ofSeconds(30), () -> status().getDouble("lambda") == LAMBDA);
      assertEquals(List.of("lambda_off", "lambda_restored"), actions());
      assertTrue(scorer.answered.get() >= 32, "rewards answered " + scorer.answered.get());
    }
  }
}
