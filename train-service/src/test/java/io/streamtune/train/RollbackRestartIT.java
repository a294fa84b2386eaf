package io.streamtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.train.checkpoint.Checkpoint;
import io.streamtune.train.checkpoint.CheckpointStore;
import io.streamtune.train.checkpoint.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A divergence, its rollback, and kill -9 right after it, on the packaged trainer and a real
 * broker. An operator's learning rate ×100 makes the learning doctor roll back; the test kills the
 * trainer the moment the rollback shows on train.events. It proves that no checkpoint was written
 * between the doctor's finding and the rollback, that the checkpoints newer than the target were
 * moved to {@code rolled-back/} (not resumed from), that the restart resumes from the rolled-back
 * state, and that the final ledger still holds every record exactly once (trained, or skipped as
 * non-finite, never both, never twice).
 */
class RollbackRestartIT {

  static final int RECORDS = 3000;
  static final String KEY = "rollback-it-key";
  static LocalKafka kafka;
  static Path work;

  @BeforeAll
  static void broker() throws Exception {
    work = Files.createDirectories(Path.of("target/rollback-restart-it/" + System.nanoTime()));
    kafka = LocalKafka.startOnFreePorts(work.resolve("kafka"));
    TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  Map<String, String> config(Path checkpoints) {
    Map<String, String> c = new HashMap<>();
    c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    c.put("streamtune.api-key", KEY);
    c.put("train.model.name", "rollback-it");
    c.put("train.model.layers", "1");
    c.put("train.model.embedding", "64");
    c.put("train.model.context-length", "96");
    c.put("train.optimizer.batch-size", "16");
    c.put("train.optimizer.learning-rate", "0.003");
    c.put("train.checkpoint.dir", checkpoints.toAbsolutePath().toString());
    // every other step: with the old queued rollback a periodic checkpoint of the diverged
    // weights fell between the decision and the rollback almost every time
    c.put("train.checkpoint.every-steps", "2");
    c.put("train.checkpoint.keep", "200");
    c.put("train.outputs.fraction", "0");
    c.put("train.eval.every-steps", "100000");
    c.put("train.doctor.quality.enabled", "false");
    return c;
  }

  @Test
  void aRestartRightAfterARollbackResumesFromTheRolledBackState() throws Exception {
    Map<Integer, List<String>> ids =
        TopicTaskFeed.send(kafka.clientConfig(), Topics.RECORDS_CLEAN, "rb", 1, RECORDS);
    Path checkpoints = work.resolve("checkpoints");
    Path modelDir = checkpoints.resolve("rollback-it");
    CheckpointStore store = new CheckpointStore(modelDir, 200);

    TrainEvent rollback;
    List<TrainEvent> events = new ArrayList<>();
    try (Events train = new Events();
        ChildService first = ChildService.start(config(checkpoints), work.resolve("run1.log"))) {
      KillRestartIT.await("a healthy stretch", first, () -> step(first) >= 120);
      assertEquals(
          200,
          first.post(
              "/train/admin/hyperparameters",
              "application/json",
              "{\"learningRate\": 0.3}",
              Map.of("X-API-Key", KEY)));
      rollback = train.awaitType("rollback", events, first);
      first.kill(); // right after the rollback: no shutdown hook, no final checkpoint
    }
    long toStep = ((Number) rollback.details().get("toStep")).longValue();
    long fromStep = ((Number) rollback.details().get("fromStep")).longValue();
    assertTrue(toStep < fromStep, rollback.details().toString());

    // 1. Nothing was checkpointed between the doctor's decision and the rollback.
    int finding = -1;
    for (int i = 0; i < events.size(); i++) {
      TrainEvent e = events.get(i);
      if (e.type().equals("doctor_finding") && "lr_too_high".equals(e.details().get("cause"))) {
        finding = i;
      }
    }
    assertTrue(finding >= 0, "the doctor named the divergence: " + types(events));
    List<String> between =
        events.subList(finding + 1, events.size() - 1).stream()
            .map(TrainEvent::type)
            .filter("checkpoint"::equals)
            .toList();
    assertEquals(List.of(), between, "checkpoints between the finding and the rollback");

    // 2. The newer checkpoints were moved aside, kept for inspection, never resumed from.
    @SuppressWarnings("unchecked")
    List<String> setAside = (List<String>) rollback.details().get("setAside");
    assertFalse(setAside.isEmpty(), "the diverged steps had checkpoints: " + rollback.details());
    Path group;
    try (Stream<Path> groups = Files.list(modelDir.resolve("rolled-back"))) {
      group =
          groups.filter(g -> g.toString().endsWith("-to-step-" + pad(toStep))).findFirst().get();
    }
    for (String name : setAside) {
      assertTrue(Files.isDirectory(group.resolve(name)), name + " kept in " + group);
    }
    Checkpoint newest = store.newestValid().orElseThrow();
    String targetName = "step-" + pad(toStep);
    assertTrue(
        newest.dir().getFileName().toString().equals(targetName)
            || targetName.equals(newest.manifest().parent()),
        "the newest checkpoint on disk is the target or continues from it: " + newest.dir());

    // 3. The restart resumes from the rolled-back state and trains the rest.
    try (ChildService second = ChildService.start(config(checkpoints), work.resolve("run2.log"))) {
      KillRestartIT.await(
          "every record consumed",
          second,
          () -> {
            String s = second.get("/train/status");
            return s != null && KillRestartIT.json(s).get("samplesSeen").asLong() == RECORDS;
          });
      int exit = second.stop();
      assertTrue(exit == 0 || exit == 143, "graceful exit on SIGTERM: " + exit);
    }
    String run2 = Files.readString(work.resolve("run2.log"));
    assertTrue(
        run2.contains("resumed from " + newest.dir().toAbsolutePath()),
        "run 2 resumed from " + newest.dir());

    // 4. Every record exactly once in the final weights' ledger: the rollback took the diverged
    // steps' records out again, and the replay put them back once.
    Ledger.State ledger = store.newestValid().orElseThrow().manifest().ledger();
    assertEquals(RECORDS, ledger.records() + ledger.skippedRecords(), "trained + skipped");
    long expected = 0;
    for (List<String> p : ids.values()) {
      for (String id : p) {
        expected += Ledger.idHash(id);
      }
    }
    assertEquals(expected, ledger.idHashSum() + ledger.skippedIdHashSum());
    ids.forEach(
        (partition, list) -> {
          List<long[]> ranges = ledger.ranges().get(partition);
          assertNotNull(ranges, "partition " + partition);
          assertEquals(1, ranges.size(), "partition " + partition + ": no gap, no overlap");
          assertArrayEquals(new long[] {0, list.size()}, ranges.get(0));
        });
  }

  static long step(ChildService child) {
    String s = child.get("/train/status");
    return s == null ? 0 : KillRestartIT.json(s).get("step").asLong();
  }

  static String pad(long step) {
    return String.format("%012d", step);
  }

  static List<String> types(List<TrainEvent> events) {
    return events.stream().map(TrainEvent::type).toList();
  }

  /** train.events read from the beginning, in order. */
  static final class Events implements AutoCloseable {
    final KafkaConsumer<String, TrainEvent> consumer;

    Events() {
      Map<String, Object> c = new HashMap<>(kafka.clientConfig());
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer =
          new KafkaConsumer<>(
              c,
              Topics.TRAIN_EVENTS.keySerde().deserializer(),
              Topics.TRAIN_EVENTS.valueSerde().deserializer());
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.TRAIN_EVENTS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      assertEquals(1, parts.size(), "one partition keeps the events in order");
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    TrainEvent awaitType(String type, List<TrainEvent> seen, ChildService child)
        throws InterruptedException {
      long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < end && child.alive()) {
        for (var r : consumer.poll(Duration.ofMillis(50))) {
          seen.add(r.value());
          if (r.value().type().equals(type)) {
            return r.value();
          }
        }
      }
      throw new AssertionError("no " + type + " event; seen " + types(seen));
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
