package io.streamtune.ingest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.metrics.QualityStats;
import io.streamtune.ingest.streams.IngestListener;
import io.streamtune.ingest.streams.IngestTopology;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.MessyStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published quality counts are exactly-once: a stream thread dies in the middle of the stream
 * (its open transaction aborts, its tasks replay from the last commit), and {@code ingest.quality}
 * still counts each input once, with the reasons the outputs carry, while an in-memory tally (what
 * {@code /quality} used to count) has counted the replayed records twice. The thread is replaced by
 * the services' own policy ({@link io.streamtune.common.StreamThreadRecovery}).
 */
class QualityExactlyOnceIT {

  static final int N = 1500;
  static final Duration GUARD = Duration.ofMinutes(3);
  static Path dir;
  static LocalKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    dir = Files.createTempDirectory("ingest-quality-");
    kafka = LocalKafka.startOnFreePorts(dir.resolve("kafka"));
    TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // temp folder
    }
  }

  @Test
  void aReplayedBatchAfterAnAbortIsCountedOnce() throws Exception {
    MessyStream messy = new MessyStream(11);
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      lines.add(messy.next().value());
    }

    AtomicLong heard = new AtomicLong();
    AtomicBoolean failed = new AtomicBoolean();
    IngestListener failOnce =
        (outcome, reason, label, chars, lag) -> {
          if (heard.incrementAndGet() == N * 2 / 3 && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure: the transaction aborts");
          }
        };
    IngestSettings settings = IngestSettings.of(MessyStream.demoIngestConfig());
    String app = "ingest-quality-" + System.nanoTime();
    try (StreamsRunner runner =
        new StreamsRunner(
            IngestTopology.build(settings, failOnce),
            kafka.bootstrapServers(),
            app,
            dir.resolve("a"))) {
      send(lines);
      Map<String, Long> reasons = new TreeMap<>(); // what the outputs say, each input once
      try (Outputs out = new Outputs(kafka.clientConfig())) {
        out.awaitTotal(N, GUARD).settle();
        assertEquals(N, out.total(), "each input decided once on the outputs");
        out.rejected.forEach(r -> reasons.merge(r.reason(), 1L, Long::sum));
      }
      Map<String, Long> published = awaitOutcomes(N);
      QualityStats.Snapshot s = QualityStats.ofCounters(published);
      System.out.printf(
          "quality after an abort: published total %d, listener heard %d%n",
          s.total(), heard.get());
      assertTrue(failed.get(), "the failure was never injected");
      assertTrue(heard.get() > N, "nothing was replayed: " + heard.get());
      assertEquals(1, runner.recovery.replaced(), "the dead stream thread was replaced once");
      assertEquals(N, s.total(), "each input counted once");
      assertEquals(reasons, new TreeMap<>(s.reasons()), "published reasons = the outputs'");
    }
  }

  /** The latest published counters once their outcomes sum to {@code n}, then a little longer. */
  private static Map<String, Long> awaitOutcomes(long n) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "quality-" + UUID.randomUUID());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Long> latest = new HashMap<>();
    try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new LongDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(Topics.INGEST_QUALITY.name())
          .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long end = System.nanoTime() + GUARD.toNanos();
      int extra = 0;
      while (System.nanoTime() < end && extra < 15) {
        for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
          latest.put(r.key(), r.value());
        }
        if (QualityStats.ofCounters(latest).total() >= n) {
          extra++; // keep reading: a count past n would show here
        }
      }
    }
    return latest;
  }

  private static void send(List<byte[]> lines) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] line : lines) {
        producer.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), null, line));
      }
      producer.flush();
    }
  }
}
