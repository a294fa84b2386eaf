package io.streamtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.JsonSerde;
import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.train.checkpoint.Checkpoint;
import io.streamtune.train.checkpoint.CheckpointStore;
import io.streamtune.train.checkpoint.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 mid-stream, restart, and prove from the final checkpoint's ledger that its weights were
 * trained on every record exactly once: per partition one contiguous offset range from 0 to the
 * end, the record count, and the sum of the record ids' hashes all match what was produced. Runs
 * the packaged application as a separate JVM against a real broker.
 */
class KillRestartIT {

  static final int RECORDS = 1800;
  static LocalKafka kafka;
  static Path work;

  @BeforeAll
  static void broker() throws Exception {
    work = Files.createDirectories(Path.of("target/kill-restart-it/" + System.nanoTime()));
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
    c.put("train.model.name", "kill-it");
    c.put("train.model.layers", "1");
    c.put("train.model.embedding", "64");
    c.put("train.model.context-length", "64");
    c.put("train.optimizer.batch-size", "8");
    c.put("train.checkpoint.dir", checkpoints.toAbsolutePath().toString());
    c.put("train.checkpoint.every-steps", "5");
    c.put("train.checkpoint.keep", "3");
    c.put("train.outputs.fraction", "0");
    c.put("train.eval.every-steps", "100000");
    return c;
  }

  @Test
  void everyRecordIsTrainedExactlyOnceAcrossAKillAndARestart() throws Exception {
    Map<Integer, List<String>> ids =
        TopicTaskFeed.send(kafka.clientConfig(), Topics.RECORDS_CLEAN, "k", 3, RECORDS);
    Path checkpoints = work.resolve("checkpoints");
    CheckpointStore store = new CheckpointStore(checkpoints.resolve("kill-it"), 3);

    // Run 1: killed with -9 soon after its first checkpoints, with records still untrained.
    Checkpoint beforeKill;
    try (ChildService first = ChildService.start(config(checkpoints), work.resolve("run1.log"))) {
      await("a checkpoint at step 10", first, () -> store.checkpoints().size() >= 2);
      first.kill();
      beforeKill = store.newestValid().orElseThrow();
    }
    long trainedBeforeKill = beforeKill.manifest().ledger().records();
    assertTrue(
        trainedBeforeKill > 0 && trainedBeforeKill < RECORDS,
        "killed mid-stream: " + trainedBeforeKill);

    // A torn newer checkpoint (a copy with one file cut short) must be skipped, not resumed.
    Path torn = checkpoints.resolve("kill-it").resolve("step-999999999999");
    copyTree(beforeKill.dir(), torn);
    try (var files = Files.walk(torn.resolve("model"))) {
      Path f = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      Files.write(f, new byte[] {1, 2, 3});
    }

    // Run 2: resumes from the newest valid checkpoint, trains the rest, stops gracefully.
    try (ChildService second = ChildService.start(config(checkpoints), work.resolve("run2.log"))) {
      await(
          "every record trained",
          second,
          () -> {
            String s = second.get("/train/status");
            return s != null && json(s).get("samplesSeen").asLong() == RECORDS;
          });
      int exit = second.stop();
      assertTrue(exit == 0 || exit == 143, "graceful exit on SIGTERM (0, or 128+15): " + exit);
    }

    Checkpoint last = store.newestValid().orElseThrow();
    assertTrue(
        Files.isDirectory(checkpoints.resolve("kill-it").resolve("corrupt-step-999999999999")));
    Ledger.State ledger = last.manifest().ledger();
    assertEquals(RECORDS, ledger.records());
    long expectedHash = 0;
    for (List<String> p : ids.values()) {
      for (String id : p) {
        expectedHash += Ledger.idHash(id);
      }
    }
    assertEquals(expectedHash, ledger.idHashSum(), "the ids trained are exactly the ids produced");
    ids.forEach(
        (partition, list) -> {
          List<long[]> ranges = ledger.ranges().get(partition);
          assertNotNull(ranges, "partition " + partition);
          assertEquals(1, ranges.size(), "partition " + partition + ": no gap, no overlap");
          assertArrayEquals(new long[] {0, list.size()}, ranges.get(0));
          assertEquals(list.size(), last.manifest().nextOffsets().get(partition));
        });
    // The final weights descend from the checkpoint run 1 left, not from scratch.
    String run2 = Files.readString(work.resolve("run2.log"));
    assertTrue(
        run2.contains("resumed from " + beforeKill.dir().toAbsolutePath()),
        "run 2 resumed from run 1's checkpoint");
    assertTrue(last.manifest().step() > beforeKill.manifest().step());
    assertEquals(RECORDS, last.manifest().samplesSeen());
  }

  static JsonNode json(String s) {
    try {
      return JsonSerde.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, ChildService child, BooleanSupplier done)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (!done.getAsBoolean()) {
      String st = child.get("/train/status");
      if (st != null && json(st).get("state").asText().startsWith("failed")) {
        throw new AssertionError(
            "training failed while waiting for: " + what + ": " + json(st).get("state"));
      }
      if (!child.alive()) {
        throw new AssertionError("the service exited while waiting for: " + what);
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
