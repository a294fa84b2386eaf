package io.streamtune.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.TopicTaskFeed;
import io.streamtune.train.checkpoint.Ledger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The prefetcher's offset bookkeeping on records.clean written with transactions, as ingest writes
 * it: every commit marker (and every aborted record) takes an offset no record has. Batches are cut
 * in the middle of polls; the trainer is played by this test, which accounts each batch the way
 * {@code TrainingLoop} does. Two passes must train every committed record exactly twice, in offset
 * order, never an aborted one; the offsets reach the end offsets (lag 0); every batch's next
 * offsets resume exactly after its last record; and a prefetcher restarted from a batch's offsets,
 * as after a kill, yields exactly the rest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrefetcherMarkersIT {

  static final int PASSES = 2;
  static LocalKafka kafka;
  static Map<Integer, List<Long>> offsets = new TreeMap<>(); // committed records, offset order
  static Map<Integer, List<String>> ids = new TreeMap<>(); // null: malformed (unusable)
  static Map<Integer, Long> ends = new TreeMap<>();
  static List<String> aborted = new ArrayList<>();

  @BeforeAll
  static void topicWrittenWithTransactions() throws Exception {
    Path work =
        Files.createDirectories(Path.of("target/prefetcher-markers-it/" + System.nanoTime()));
    kafka = LocalKafka.startOnFreePorts(work.resolve("kafka"));
    TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
    Map<String, Object> pc = new HashMap<>(kafka.clientConfig());
    pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "markers-it");
    pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    TopicTask task = new TopicTask(5);
    Random rnd = new Random(11);
    String topic = Topics.RECORDS_CLEAN.name();
    var ser = Topics.RECORDS_CLEAN.valueSerde().serializer();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(pc, new StringSerializer(), new ByteArraySerializer())) {
      p.initTransactions();
      int i = 0;
      for (int txn = 0; txn < 40; txn++) {
        p.beginTransaction();
        boolean abort = txn % 9 == 4;
        int n = 1 + rnd.nextInt(5);
        List<Object[]> sent = new ArrayList<>();
        for (int k = 0; k < n; k++, i++) {
          int partition = rnd.nextInt(3);
          CleanRecord r = TopicTaskFeed.record("m", i, task.next());
          boolean malformed = !abort && i % 23 == 7;
          byte[] value =
              malformed ? "{not json".getBytes(StandardCharsets.UTF_8) : ser.serialize(topic, r);
          var meta = p.send(new ProducerRecord<>(topic, partition, r.id(), value)).get();
          sent.add(new Object[] {meta.partition(), meta.offset(), malformed ? null : r.id()});
        }
        if (abort) {
          p.abortTransaction();
          sent.forEach(s -> aborted.add((String) s[2]));
        } else {
          p.commitTransaction();
          for (Object[] s : sent) {
            offsets.computeIfAbsent((Integer) s[0], k -> new ArrayList<>()).add((Long) s[1]);
            ids.computeIfAbsent((Integer) s[0], k -> new ArrayList<>()).add((String) s[2]);
          }
        }
      }
    }
    Map<String, Object> cc = new HashMap<>(kafka.clientConfig());
    cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      c.endOffsets(tps).forEach((tp, off) -> ends.put(tp.partition(), off));
    }
    for (int p = 0; p < 3; p++) {
      List<Long> o = offsets.get(p);
      // the point of the test: markers (and aborted records) sit between and after the records
      assertTrue(ends.get(p) > o.size(), "partition " + p + ": " + ends.get(p) + " vs " + o);
      assertTrue(ends.get(p) > o.get(o.size() - 1) + 1, "a marker after the last record");
    }
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** The trainer's side: batches taken in order and accounted as TrainingLoop.account does. */
  static final class Trained {
    final List<Batch> batches = new ArrayList<>();
    final Map<Integer, List<String>> ids = new TreeMap<>();
    final Map<Integer, Long> next = new HashMap<>();
    final Ledger ledger;
    int pass;

    Trained(Ledger.State from, Map<Integer, Long> next, int pass) {
      ledger = new Ledger(from);
      this.next.putAll(next);
      this.pass = pass;
    }

    void account(Batch b) {
      batches.add(b);
      b.spans().forEach(s -> ledger.consumed(s.partition(), s.from(), s.to()));
      for (Batch.Consumed c : b.consumed()) {
        if (c.recordId() != null) {
          ledger.trained(c.recordId());
          ids.computeIfAbsent(c.partition(), k -> new ArrayList<>()).add(c.recordId());
        }
      }
      next.putAll(b.nextOffsets());
      pass = b.pass();
    }

    boolean done() {
      return pass == PASSES - 1 && next.equals(ends);
    }
  }

  static Trained drain(Map<String, Object> extra, Trained t) throws Exception {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.putAll(extra);
    Prefetcher.Options o = new Prefetcher.Options(() -> 4, 150, 2, 50, "earliest", PASSES, t.pass);
    try (Prefetcher pf =
        new Prefetcher(config, Map.copyOf(t.next), o, new LabelSet(Optional.empty()))) {
      pf.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!t.done()) {
        assertTrue(System.nanoTime() < deadline, "not at the end offsets: " + t.next);
        Batch b = pf.poll(100);
        if (b != null) {
          t.account(b);
        }
      }
      // Nothing more arrives once the last pass is read to its end.
      Thread.sleep(1500);
      assertEquals(null, pf.poll(100), "a batch after the end of the last pass");
    }
    return t;
  }

  static Map<Integer, List<String>> usable() {
    Map<Integer, List<String>> u = new TreeMap<>();
    ids.forEach((p, list) -> u.put(p, list.stream().filter(id -> id != null).toList()));
    return u;
  }

  void check(Map<String, Object> extra) throws Exception {
    Trained t = drain(extra, new Trained(Ledger.State.empty(), Map.of(), 0));
    // every committed usable record trained exactly PASSES times, in offset order, no aborted one
    Map<Integer, List<String>> expected = new TreeMap<>();
    usable()
        .forEach(
            (p, list) -> {
              List<String> all = new ArrayList<>();
              for (int i = 0; i < PASSES; i++) {
                all.addAll(list);
              }
              expected.put(p, all);
            });
    assertEquals(expected, t.ids);
    t.ids.values().forEach(l -> aborted.forEach(a -> assertTrue(!l.contains(a), a)));
    // the ledger: one range [beginning, end) per pass and partition, markers included
    Ledger.State s = t.ledger.state();
    for (int p = 0; p < 3; p++) {
      List<long[]> r = s.ranges().get(p);
      assertEquals(PASSES, r.size(), "partition " + p);
      for (long[] range : r) {
        assertEquals(0, range[0]);
        assertEquals(ends.get(p), range[1]);
      }
    }
    assertEquals(expected.values().stream().mapToLong(List::size).sum(), s.records());
    // every batch's offsets resume right after its last record: past it, at or before the next
    checkResumePoints(t.batches);
    // a restart from some batch's offsets (the checkpoint a kill leaves) yields exactly the rest
    for (int k : new int[] {2, t.batches.size() / 2, t.batches.size() - 3}) {
      Trained upTo = new Trained(Ledger.State.empty(), Map.of(), 0);
      t.batches.subList(0, k + 1).forEach(upTo::account);
      Batch at = t.batches.get(k);
      Trained rest = drain(extra, new Trained(upTo.ledger.state(), at.nextOffsets(), at.pass()));
      Map<Integer, List<String>> joined = new TreeMap<>();
      for (int p = 0; p < 3; p++) {
        List<String> all = new ArrayList<>(upTo.ids.getOrDefault(p, List.of()));
        all.addAll(rest.ids.getOrDefault(p, List.of()));
        joined.put(p, all);
      }
      assertEquals(expected, joined, "resumed after batch " + k + " at " + at.nextOffsets());
      assertEquals(s.ranges().keySet(), rest.ledger.state().ranges().keySet());
      for (int p = 0; p < 3; p++) {
        List<long[]> r = rest.ledger.state().ranges().get(p);
        assertEquals(PASSES, r.size(), "resumed after batch " + k + ", partition " + p);
      }
      assertEquals(s.idHashSum(), rest.ledger.state().idHashSum());
    }
  }

  /** For each batch and partition: last offset taken in this pass < next <= the next record's. */
  static void checkResumePoints(List<Batch> batches) {
    Map<Integer, Integer> taken = new HashMap<>(); // records taken in the current pass
    int pass = 0;
    for (Batch b : batches) {
      if (b.pass() != pass) {
        pass = b.pass();
        taken.clear();
      }
      for (Batch.Consumed c : b.consumed()) {
        taken.merge(c.partition(), 1, Integer::sum);
      }
      for (int p = 0; p < 3; p++) {
        List<Long> o = offsets.get(p);
        int n = taken.getOrDefault(p, 0);
        long after = n == 0 ? -1 : o.get(n - 1);
        long upTo = n < o.size() ? o.get(n) : ends.get(p);
        long next = b.nextOffsets().get(p);
        assertTrue(
            next > after && next <= upTo,
            "pass "
                + pass
                + " partition "
                + p
                + ": next "
                + next
                + " not in ("
                + after
                + ", "
                + upTo
                + "]");
      }
    }
  }

  @Test
  @Order(1)
  void everyCommittedRecordTwiceAcrossMarkersWithDefaultPolls() throws Exception {
    check(Map.of());
  }

  @Test
  @Order(2)
  void everyCommittedRecordTwiceWhenPollsEndJustBeforeAMarker() throws Exception {
    // three records a poll: polls often end just before a marker
    check(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 3));
  }

  @Test
  @Order(3) // last: it moves the end of partition 1
  void anAbortedTransactionAfterTheEndMovesTheOffsetsToTheNewEnd() throws Exception {
    // A trainer at the end of its last pass; then ingest aborts a transaction (a crash, a fenced
    // producer): the end offset moves past records no one may read and past the abort marker. A
    // poll moves the position there without returning a record, and only a batch without records
    // can take the trained offsets (and lag) along.
    Trained t = new Trained(Ledger.State.empty(), ends, PASSES - 1);
    Prefetcher.Options o = new Prefetcher.Options(() -> 4, 150, 2, 50, "earliest", PASSES, t.pass);
    try (Prefetcher pf =
        new Prefetcher(kafka.clientConfig(), ends, o, new LabelSet(Optional.empty()))) {
      pf.start();
      assertEquals(null, pf.poll(1500), "nothing to read at the end");
      Map<String, Object> pc = new HashMap<>(kafka.clientConfig());
      pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "markers-it-abort");
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(pc, new StringSerializer(), new ByteArraySerializer())) {
        p.initTransactions();
        p.beginTransaction();
        for (int i = 0; i < 3; i++) {
          p.send(new ProducerRecord<>(Topics.RECORDS_CLEAN.name(), 1, "x", new byte[] {'{'})).get();
        }
        p.abortTransaction();
      }
      Map<Integer, Long> newEnds = new TreeMap<>(ends);
      newEnds.put(1, ends.get(1) + 4); // three aborted records and the abort marker
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!t.next.equals(newEnds)) {
        assertTrue(System.nanoTime() < deadline, "not at the new end: " + t.next);
        Batch b = pf.poll(100);
        if (b != null) {
          assertTrue(b.examples().isEmpty() && b.consumed().isEmpty(), "an aborted record read");
          t.account(b);
        }
      }
      assertEquals(1, t.ledger.state().ranges().get(1).size());
      assertArrayEquals(
          new long[] {ends.get(1), newEnds.get(1)}, t.ledger.state().ranges().get(1).get(0));
      assertEquals(0, t.ledger.state().records());
    }
  }
}
