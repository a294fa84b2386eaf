package io.streamtune.ingest.bench;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.sample.MessyStream;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.streams.IngestTopology;
import io.streamtune.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Throughput of the full cleaning topology beside a pass-through topology (raw → one output topic,
 * nothing else) on the same in-JVM broker, same settings (exactly-once, same commit interval), in
 * one run. Rate = outputs / time from the first output to the last. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -o -pl ingest-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.streamtune.ingest.bench.IngestBenchmark -Dexec.args="20000 2"
 * </pre>
 *
 * Args: records per run (default 20000), rounds (default 2; the runs alternate to share noise),
 * then any {@code ingest.*=value} overrides for the full topology.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    // optional third argument: ingest.* overrides, e.g. ingest.dedup.store=memory
    Map<String, String> overrides = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      overrides.put(kv[0], kv[1]);
    }
    Path dir = Files.createTempDirectory("ingest-bench-");
    try (LocalKafka kafka = LocalKafka.startOnFreePorts(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
      fill(kafka, n);
      double passSum = 0;
      double fullSum = 0;
      for (int r = 1; r <= rounds; r++) {
        double pass = run(kafka, dir, passThrough(), List.of(Topics.RECORDS_CLEAN.name()), n);
        double full =
            run(
                kafka,
                dir,
                IngestTopology.build(IngestSettings.of(overrides)),
                List.of(
                    Topics.RECORDS_CLEAN.name(),
                    Topics.RECORDS_EVAL.name(),
                    Topics.RECORDS_REJECTED.name()),
                n);
        System.out.printf(
            Locale.ROOT,
            "round %d: pass-through %.0f records/s, full cleaning %.0f records/s, ratio %.2f%n",
            r,
            pass,
            full,
            full / pass);
        passSum += pass;
        fullSum += full;
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT records=%d rounds=%d pass-through=%.0f/s full=%.0f/s ratio=%.2f (target >= 0.50)%n",
          n,
          rounds,
          passSum / rounds,
          fullSum / rounds,
          fullSum / passSum);
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The baseline: every raw record copied to one output topic, nothing else. */
  static Topology passThrough() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(Topics.RECORDS_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(Topics.RECORDS_CLEAN.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return b.build();
  }

  private static void fill(LocalKafka kafka, int n) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
    MessyStream messy = new MessyStream(1);
    try (var p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        MessyStream.Line l = messy.next();
        byte[] key = l.group() == null ? null : l.group().getBytes(StandardCharsets.UTF_8);
        p.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), key, l.value()));
      }
      p.flush();
    }
  }

  /** Runs the topology from the start of records.raw; outputs per second, first to last. */
  private static double run(LocalKafka kafka, Path dir, Topology topology, List<String> outs, int n)
      throws Exception {
    Map<String, Object> cc = new HashMap<>(kafka.clientConfig());
    cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer =
        new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : outs) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position); // pin the start before the run begins
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + UUID.randomUUID());
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
      p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
      long seen = 0;
      long first = 0;
      long last = 0;
      try (KafkaStreams streams = new KafkaStreams(topology, p)) {
        streams.start();
        long guard = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < n && System.nanoTime() < guard) {
          for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(100))) {
            if (seen++ == 0) {
              first = System.nanoTime();
            }
            last = System.nanoTime();
          }
        }
        streams.close(Duration.ofSeconds(30));
      }
      if (seen < n) {
        throw new IllegalStateException("only " + seen + " of " + n + " outputs arrived");
      }
      return (n - 1) / ((last - first) / 1e9);
    }
  }
}
