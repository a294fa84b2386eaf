package io.streamtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.JsonSerde;
import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.checkpoint.Checkpoint;
import io.streamtune.train.checkpoint.CheckpointStore;
import io.streamtune.train.checkpoint.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Epochs on records.clean as the real ingest service writes it: the packaged ingest service (Kafka
 * Streams, exactly_once_v2) takes an NDJSON upload and writes records.clean in transactions, so
 * commit markers sit between its records. The packaged trainer, with {@code train.data.passes=3},
 * is killed with -9 in the middle of pass 2 and restarted; its final checkpoint's ledger must show
 * every clean record trained exactly three times (per partition three ranges [0, end offset), the
 * record count and the id-hash sum), and consumer lag must reach 0.
 *
 * <p>Needs both packaged services: {@code ./mvnw -B -o -pl ingest-service,train-service -am verify
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=EpochsIT
 * -Dfailsafe.failIfNoSpecifiedTests=false} (a whole {@code ./mvnw verify} packages ingest first).
 */
class EpochsIT {

  static final Path INGEST_JAR = Path.of("../ingest-service/target/quarkus-app/quarkus-run.jar");
  static final int PASSES = 3;
  static final int UPLOADED = 1200;
  static final String KEY = "epochs-it-key";
  static LocalKafka kafka;
  static Path work;

  @BeforeAll
  static void broker() throws Exception {
    work = Files.createDirectories(Path.of("target/epochs-it/" + System.nanoTime()));
    kafka = LocalKafka.startOnFreePorts(work.resolve("kafka"));
    TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  Map<String, String> trainConfig(Path checkpoints) {
    Map<String, String> c = new HashMap<>();
    c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    c.put("train.model.name", "epochs-it");
    c.put("train.model.layers", "1");
    c.put("train.model.embedding", "64");
    c.put("train.model.context-length", "64");
    c.put("train.optimizer.batch-size", "8");
    c.put("train.data.passes", Integer.toString(PASSES));
    c.put("train.checkpoint.dir", checkpoints.toAbsolutePath().toString());
    c.put("train.checkpoint.every-steps", "5");
    // The learning doctor stays on; should a loss spike in a later pass make it roll back, its
    // target must outlive "keep last K" (with keep=3 the step's own periodic checkpoint can prune
    // it before the rollback runs). A rollback restores the ledger with the weights, so the
    // exactly-three-times checks hold across it.
    c.put("train.checkpoint.keep", "10");
    c.put("train.outputs.fraction", "0");
    c.put("train.eval.every-steps", "100000");
    return c;
  }

  /** The real ingest path: an NDJSON upload to the packaged service, written out exactly-once. */
  static void ingest() throws Exception {
    Map<String, String> c = new HashMap<>();
    c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    c.put("streamtune.api-key", KEY);
    c.put("kafka-streams.state.dir", work.resolve("ingest-state").toAbsolutePath().toString());
    c.put("ingest.labels.allowed", String.join(",", TopicTask.LABELS));
    try (ChildService ingest = ChildService.start(INGEST_JAR, c, work.resolve("ingest.log"))) {
      KillRestartIT.await("ingest ready", ingest, () -> ingest.get("/q/health/ready") != null);
      TopicTask task = new TopicTask(3);
      StringBuilder ndjson = new StringBuilder();
      for (int i = 0; i < UPLOADED; i++) {
        TopicTask.Example e = task.next();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("text", e.text() + " (entry " + i + ")");
        r.put("label", e.label());
        ndjson.append(JsonSerde.MAPPER.writeValueAsString(r)).append('\n');
      }
      int status =
          ingest.post(
              "/records", "application/x-ndjson", ndjson.toString(), Map.of("X-API-Key", KEY));
      assertEquals(202, status, "upload accepted");
      // every input ends in exactly one of clean, eval, rejected: wait for all of them
      KillRestartIT.await(
          "every upload decided",
          ingest,
          () ->
              count(Topics.RECORDS_CLEAN.name())
                      + count(Topics.RECORDS_EVAL.name())
                      + count(Topics.RECORDS_REJECTED.name())
                  >= UPLOADED);
      int exit = ingest.stop();
      assertTrue(exit == 0 || exit == 143, "ingest exits cleanly on SIGTERM: " + exit);
    }
  }

  static KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Committed records on a topic now. */
  static long count(String topic) {
    return read(topic).values().stream().mapToLong(List::size).sum();
  }

  /** Every committed record on a topic, its value by partition in offset order. */
  static Map<Integer, List<byte[]>> read(String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      List<TopicPartition> tps =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      Map<Integer, List<byte[]>> out = new TreeMap<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        assertTrue(System.currentTimeMillis() < deadline, "reading " + topic);
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
        }
      }
      return out;
    }
  }

  static Map<Integer, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      Map<Integer, Long> ends = new TreeMap<>();
      c.endOffsets(
              c.partitionsFor(topic).stream()
                  .map(i -> new TopicPartition(topic, i.partition()))
                  .toList())
          .forEach((tp, off) -> ends.put(tp.partition(), off));
      return ends;
    }
  }

  /**
   * The newest checkpoint's manifest, read only: {@code newestValid()} would move aside a folder
   * the running trainer is pruning and remove its temp folders.
   */
  static Optional<Checkpoint.Manifest> newest(CheckpointStore store) {
    List<Path> all = store.checkpoints();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(CheckpointStore.read(all.get(i)).manifest());
      } catch (IOException | RuntimeException e) {
        // pruned while being read: the one before it
      }
    }
    return Optional.empty();
  }

  @Test
  void threePassesOverExactlyOnceInputTrainEveryRecordThreeTimesAcrossAKill() throws Exception {
    ingest();
    var serde = Topics.RECORDS_CLEAN.valueSerde().deserializer();
    Map<Integer, List<String>> ids = new TreeMap<>();
    read(Topics.RECORDS_CLEAN.name())
        .forEach(
            (p, values) ->
                ids.put(
                    p,
                    values.stream()
                        .map(v -> serde.deserialize(Topics.RECORDS_CLEAN.name(), v))
                        .map(CleanRecord::id)
                        .toList()));
    Map<Integer, Long> ends = endOffsets(Topics.RECORDS_CLEAN.name());
    long clean = ids.values().stream().mapToLong(List::size).sum();
    assertTrue(clean >= UPLOADED / 2, "clean records: " + clean);
    // The point: transactions leave commit markers, so the end offset is past the last record.
    ids.forEach(
        (p, list) ->
            assertTrue(
                ends.get(p) > list.size(),
                "partition " + p + ": end " + ends.get(p) + ", records " + list.size()));

    Path checkpoints = work.resolve("checkpoints");
    CheckpointStore store = new CheckpointStore(checkpoints.resolve("epochs-it"), 10);
    // Run 1: killed with -9 once a checkpoint is a quarter into pass 2.
    Checkpoint beforeKill;
    try (ChildService first =
        ChildService.start(trainConfig(checkpoints), work.resolve("run1.log"))) {
      KillRestartIT.await(
          "a checkpoint a quarter into pass 2",
          first,
          () ->
              newest(store)
                  .map(m -> m.pass() == 1 && m.ledger().records() >= clean + clean / 4)
                  .orElse(false));
      first.kill();
      beforeKill = store.newestValid().orElseThrow();
    }
    try (var folders = Files.list(checkpoints.resolve("epochs-it"))) {
      assertTrue(
          folders.noneMatch(p -> p.getFileName().toString().startsWith("corrupt-")),
          "no checkpoint torn by the kill or the poll");
    }
    Checkpoint.Manifest killed = beforeKill.manifest();
    assertEquals(1, killed.pass(), "killed in pass 2");
    assertTrue(
        killed.ledger().records() > clean && killed.ledger().records() < 2 * clean,
        "killed in the middle of pass 2: " + killed.ledger().records() + " of " + clean);

    // Run 2: resumes in pass 2 from that checkpoint and trains to the end of pass 3.
    try (ChildService second =
        ChildService.start(trainConfig(checkpoints), work.resolve("run2.log"))) {
      KillRestartIT.await(
          "three passes trained and no lag",
          second,
          () -> {
            String s = second.get("/train/status");
            return s != null
                && KillRestartIT.json(s).get("samplesSeen").asLong() == PASSES * clean
                && KillRestartIT.json(s).get("consumerLagRecords").asLong() == 0;
          });
      String metrics = second.get("/q/metrics");
      assertNotNull(metrics);
      assertTrue(
          metrics.contains("streamtune_train_consumer_lag_records 0.0"),
          "lag gauge at 0: "
              + metrics
                  .lines()
                  .filter(l -> l.startsWith("streamtune_train_consumer_lag"))
                  .toList());
      int exit = second.stop();
      assertTrue(exit == 0 || exit == 143, "graceful exit on SIGTERM (0, or 128+15): " + exit);
    }
    String run2 = Files.readString(work.resolve("run2.log"));
    assertTrue(
        run2.contains("resumed from " + beforeKill.dir().toAbsolutePath()),
        "run 2 resumed from run 1's checkpoint");

    Checkpoint last = store.newestValid().orElseThrow();
    Checkpoint.Manifest m = last.manifest();
    Ledger.State ledger = m.ledger();
    assertEquals(PASSES - 1, m.pass());
    assertEquals(PASSES * clean, ledger.records(), "each clean record trained three times");
    assertEquals(PASSES * clean, m.samplesSeen());
    long expectedHash = 0;
    for (List<String> p : ids.values()) {
      for (String id : p) {
        expectedHash += PASSES * Ledger.idHash(id);
      }
    }
    assertEquals(expectedHash, ledger.idHashSum(), "the ids trained: each clean id three times");
    ids.forEach(
        (partition, list) -> {
          List<long[]> ranges = ledger.ranges().get(partition);
          assertNotNull(ranges, "partition " + partition);
          assertEquals(
              PASSES,
              ranges.size(),
              "partition " + partition + ": one range per pass, no gap, no overlap");
          for (long[] r : ranges) {
            assertArrayEquals(new long[] {0, ends.get(partition)}, r, "partition " + partition);
          }
          assertEquals(ends.get(partition), m.nextOffsets().get(partition));
        });
  }
}
