package io.streamtune.ingest.bench;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.streams.IngestTopology;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.MessyStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Throughput of the full cleaning topology beside a pass-through topology (raw → one output topic,
 * nothing else) and beside the pass-through plus one repartition hop (the least any topology that
 * de-duplicates across instances must do), on the same in-JVM broker, same settings (exactly-once,
 * the service's commit interval), in one run, after one warm-up run of each. Rate = records / time
 * from RUNNING to the last output visible. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -o -pl ingest-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.streamtune.ingest.bench.IngestBenchmark -Dexec.args="200000 2"
 * </pre>
 *
 * Args: records per run (default 200000: fewer, and the commit latency swamps a fast topology),
 * rounds (default 2; the runs alternate to share noise), then {@code ingest.*=value} overrides for
 * the full topology, {@code streams.*=value} Kafka Streams overrides for all three, and {@code
 * text=long} for ~1 kB texts ({@link LongTexts}) instead of the demo's short messy records.
 *
 * <p>Target (#16): full ≥ 0.80 of the one-hop floor, in records/s and MB/s (raw bytes in).
 */
public final class IngestBenchmark {

  /** Kafka Streams overrides for every topology ({@code streams.*} arguments). */
  static final Map<String, String> STREAMS = new HashMap<>();

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Map<String, String> overrides = new HashMap<>();
    Map<String, String> streamsOverrides = new HashMap<>();
    boolean longTexts = false;
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv[0].equals("text")) {
        longTexts = kv[1].equals("long");
      } else if (kv[0].startsWith("streams.")) {
        streamsOverrides.put(kv[0].substring("streams.".length()), kv[1]);
      } else {
        overrides.put(kv[0], kv[1]);
      }
    }
    STREAMS.putAll(streamsOverrides);
    quietLogging();
    Path dir = Files.createTempDirectory("ingest-bench-");
    try (LocalKafka kafka = LocalKafka.startOnFreePorts(dir.resolve("kafka"))) {
      TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
      double mb = (longTexts ? LongTexts.fill(kafka, n) : fill(kafka, n)) / 1e6;
      // warm-up, not counted: the JIT compiles each topology's hot paths on two busy cores
      run(kafka, dir, passThrough(), List.of(Topics.RECORDS_CLEAN.name()), n);
      run(kafka, dir, oneHop(), List.of(Topics.RECORDS_CLEAN.name()), n);
      run(kafka, dir, full(overrides), FULL_OUTPUTS, n);
      double passSum = 0;
      double hopSum = 0;
      double fullSum = 0;
      for (int r = 1; r <= rounds; r++) {
        double pass = run(kafka, dir, passThrough(), List.of(Topics.RECORDS_CLEAN.name()), n);
        double hop = run(kafka, dir, oneHop(), List.of(Topics.RECORDS_CLEAN.name()), n);
        double full = run(kafka, dir, full(overrides), FULL_OUTPUTS, n);
        System.out.printf(
            Locale.ROOT,
            "round %d: pass-through %.0f records/s, one hop %.0f (%.2f), full cleaning %.0f records/s,"
                + " full/one-hop %.2f%n",
            r,
            pass,
            hop,
            hop / pass,
            full,
            full / hop);
        passSum += pass;
        hopSum += hop;
        fullSum += full;
      }
      double perRecord = mb / n; // MB per raw record
      System.out.printf(
          Locale.ROOT,
          "RESULT records=%d (%s, %.0f bytes each) rounds=%d pass-through=%.0f/s %.2f MB/s"
              + " one-hop=%.0f/s %.2f MB/s (%.2f of pass-through) full=%.0f/s %.2f MB/s"
              + " full/one-hop=%.2f (target >= 0.80) full/pass-through=%.2f%n",
          n,
          longTexts ? "~1 kB texts" : "short messy records",
          perRecord * 1e6,
          rounds,
          passSum / rounds,
          passSum / rounds * perRecord,
          hopSum / rounds,
          hopSum / rounds * perRecord,
          hopSum / passSum,
          fullSum / rounds,
          fullSum / rounds * perRecord,
          fullSum / hopSum,
          fullSum / passSum);
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Logging as the service has it (INFO, Kafka at WARN). Outside Quarkus the log manager starts at
   * ALL, and Kafka's per-record trace messages would be formatted and dropped, costing the topology
   * that writes more records more.
   */
  private static void quietLogging() {
    org.jboss.logmanager.LogContext logs = org.jboss.logmanager.LogContext.getLogContext();
    logs.getLogger("").setLevel(java.util.logging.Level.INFO);
    logs.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
  }

  private static final List<String> FULL_OUTPUTS =
      List.of(
          Topics.RECORDS_CLEAN.name(), Topics.RECORDS_EVAL.name(), Topics.RECORDS_REJECTED.name());

  static Topology full(Map<String, String> overrides) {
    return IngestTopology.build(IngestSettings.of(demo(overrides)));
  }

  /** The benchmark streams the demo's records: its labels and spellings, then the overrides. */
  private static Map<String, String> demo(Map<String, String> overrides) {
    Map<String, String> m = new java.util.HashMap<>(MessyStream.demoIngestConfig());
    m.putAll(overrides);
    return m;
  }

  /** The baseline: every raw record copied to one output topic, nothing else. */
  static Topology passThrough() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(Topics.RECORDS_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(Topics.RECORDS_CLEAN.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return b.build();
  }

  /**
   * The floor of any topology that de-duplicates correctly across instances: the pass-through plus
   * one repartition hop (by a hash of the value), and nothing else.
   */
  static Topology oneHop() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(Topics.RECORDS_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .selectKey(
            (k, v) ->
                v == null
                    ? new byte[0]
                    : Integer.toString(Arrays.hashCode(v)).getBytes(StandardCharsets.UTF_8))
        .repartition(
            Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-hop"))
        .to(Topics.RECORDS_CLEAN.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return b.build();
  }

  /** Lines per messy generator: each keeps its originals pairwise dissimilar, at O(n^2) cost. */
  private static final int CHUNK = 20_000;

  /**
   * Fills records.raw with {@code n} messy lines from generators of successive seeds, CHUNK lines
   * each, so a large volume takes seconds rather than the hour one generator would need. Texts of
   * different chunks may meet as duplicates, which only adds to the mess.
   */
  private static long fill(LocalKafka kafka, int n) {
    long bytes = 0;
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
    try (var p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      MessyStream messy = null;
      for (int i = 0; i < n; i++) {
        if (i % CHUNK == 0) {
          messy = new MessyStream(1 + i / CHUNK);
        }
        MessyStream.Line l = messy.next();
        byte[] key =
            l.group() == null
                ? null
                : ((i / CHUNK) + "-" + l.group()).getBytes(StandardCharsets.UTF_8);
        p.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), key, l.value()));
        bytes += l.value().length;
      }
      p.flush();
    }
    return bytes;
  }

  /**
   * Runs the topology from the start of records.raw: outputs per second, from the moment the
   * instance is RUNNING (partitions assigned) to the moment the last output is visible to a
   * read_committed reader. That includes the commit latency, so the record count must be large
   * enough that it is small beside the processing time; counting from the first visible output
   * instead would credit a fast topology that finishes inside one commit with an unbounded rate.
   */
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
      p.putAll(STREAMS);
      long seen = 0;
      AtomicLong running = new AtomicLong();
      long last = 0;
      try (KafkaStreams streams = new KafkaStreams(topology, p)) {
        streams.setStateListener(
            (now, before) -> {
              if (now == KafkaStreams.State.RUNNING) {
                running.compareAndSet(0, System.nanoTime());
              }
            });
        streams.start();
        long guard = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < n && System.nanoTime() < guard) {
          for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(20))) {
            seen++;
            last = System.nanoTime();
          }
        }
        streams.close(Duration.ofSeconds(30));
      }
      if (seen < n) {
        throw new IllegalStateException("only " + seen + " of " + n + " outputs arrived");
      }
      return n / ((last - running.get()) / 1e9);
    }
  }
}
