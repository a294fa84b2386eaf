package io.streamtune.ingest.streams;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.sample.MessyStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology under TopologyTestDriver, with helpers to feed raw values and read outputs. */
final class Harness implements AutoCloseable {

  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> raw;
  final TestOutputTopic<String, CleanRecord> clean;
  final TestOutputTopic<String, CleanRecord> eval;
  final TestOutputTopic<String, RejectedRecord> rejected;
  final Map<String, Long> outcomes = new ConcurrentHashMap<>();
  final List<CleanRecord> cleanSeen = new ArrayList<>();
  final List<CleanRecord> evalSeen = new ArrayList<>();
  final List<RejectedRecord> rejectedSeen = new ArrayList<>();
  private final Path stateDir;
  private Instant time = Instant.parse("2026-01-01T00:00:00Z");

  /** Defaults with {@code overrides} and in-memory stores (RocksDB would flush per record here). */
  Harness(Map<String, String> overrides) {
    this(IngestSettings.of(withMemoryStore(overrides)));
  }

  static Map<String, String> withMemoryStore(Map<String, String> overrides) {
    Map<String, String> m = new java.util.HashMap<>(overrides);
    m.putIfAbsent("ingest.dedup.store", "memory");
    MessyStream.demoIngestConfig().forEach(m::putIfAbsent); // the tests' records are the demo's
    return m;
  }

  Harness(IngestSettings settings) {
    try {
      stateDir = Files.createTempDirectory("ingest-ttd-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    IngestListener listener =
        (outcome, reason, label, chars, lag) ->
            outcomes.merge(outcome.equals("rejected") ? reason : outcome, 1L, Long::sum);
    driver = new TopologyTestDriver(IngestTopology.build(settings, listener), p);
    raw =
        driver.createInputTopic(
            Topics.RECORDS_RAW.name(),
            Topics.RECORDS_RAW.keySerde().serializer(),
            Topics.RECORDS_RAW.valueSerde().serializer());
    clean =
        driver.createOutputTopic(
            Topics.RECORDS_CLEAN.name(),
            Topics.RECORDS_CLEAN.keySerde().deserializer(),
            Topics.RECORDS_CLEAN.valueSerde().deserializer());
    eval =
        driver.createOutputTopic(
            Topics.RECORDS_EVAL.name(),
            Topics.RECORDS_EVAL.keySerde().deserializer(),
            Topics.RECORDS_EVAL.valueSerde().deserializer());
    rejected =
        driver.createOutputTopic(
            Topics.RECORDS_REJECTED.name(),
            Topics.RECORDS_REJECTED.keySerde().deserializer(),
            Topics.RECORDS_REJECTED.valueSerde().deserializer());
  }

  Harness() {
    this(Map.of());
  }

  void send(byte[] value) {
    time = time.plusMillis(10);
    raw.pipeInput(null, value, time);
  }

  void sendAt(String json, Instant at) {
    time = at;
    raw.pipeInput(null, json == null ? null : json.getBytes(StandardCharsets.UTF_8), at);
  }

  void send(String json) {
    send(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads everything new on the three outputs into the *Seen lists. */
  Harness drain() {
    cleanSeen.addAll(clean.readValuesToList());
    evalSeen.addAll(eval.readValuesToList());
    rejectedSeen.addAll(rejected.readValuesToList());
    return this;
  }

  /** Sends one value and returns its single outcome: a RejectedRecord or a CleanRecord. */
  Object decide(String json) {
    send(json);
    return decideLast();
  }

  Object decide(byte[] value) {
    send(value);
    return decideLast();
  }

  /** The single outcome of what was sent last (via sendAt). */
  Object decideNothingSent() {
    return decideLast();
  }

  private Object decideLast() {
    List<CleanRecord> c = clean.readValuesToList();
    List<CleanRecord> e = eval.readValuesToList();
    List<RejectedRecord> r = rejected.readValuesToList();
    cleanSeen.addAll(c);
    evalSeen.addAll(e);
    rejectedSeen.addAll(r);
    if (c.size() + e.size() + r.size() != 1) {
      throw new AssertionError(
          "expected exactly one output, got clean=" + c + " eval=" + e + " rejected=" + r);
    }
    return !c.isEmpty() ? c.get(0) : !e.isEmpty() ? e.get(0) : r.get(0);
  }

  RejectedRecord rejectedBy(String json) {
    Object o = decide(json);
    if (!(o instanceof RejectedRecord r)) {
      throw new AssertionError("expected a rejection, got " + o);
    }
    return r;
  }

  CleanRecord admitted(String json) {
    Object o = decide(json);
    if (!(o instanceof CleanRecord r)) {
      throw new AssertionError("expected admission, got " + o);
    }
    return r;
  }

  @Override
  public void close() {
    driver.close();
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException ignored) {
      // temp folder
    }
  }
}
