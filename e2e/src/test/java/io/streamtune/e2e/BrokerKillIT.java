package io.streamtune.e2e;

import static io.streamtune.e2e.Services.get;
import static io.streamtune.e2e.Services.status;
import static io.streamtune.e2e.Services.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.Topic;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.SourceRef;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The broker dies under load: {@code ./streamtune up}, a feed of the messy sample stream through
 * {@code ./streamtune feed}, {@code kill -9} of the broker mid-feed, and {@code ./streamtune up}
 * again 10 s later, which restarts only the broker. Every records.raw offset must end up exactly
 * once across records.clean, records.eval and records.rejected (conservation by source offset,
 * read_committed), and the same service processes recover on their own: ready again, the trainer
 * stepping on records written after the restart, no service restarted.
 */
class BrokerKillIT {

  static final int RECORDS = 2000;
  static final int RATE = 150;

  /**
   * How long the outputs may take to account for every input once the feed is done. A broker that
   * comes back after its producers' transactions timed out fences ingest's producer, and the
   * rebalance that follows can wait a session timeout (45 s) before the tasks run again; a loaded
   * machine can add another round.
   */
  static final Duration WAIT = Duration.ofSeconds(300);

  @Test
  void everyInputEndsUpOnceAndTheServicesRecoverAfterTheBrokerIsKilled() throws Exception {
    // under target/, not a temp folder: the services' logs outlive a failure
    Path home =
        Files.createDirectories(Path.of("target/broker-kill-it/" + System.nanoTime()))
            .toAbsolutePath();
    try (Launcher launcher = new Launcher(home)) {
      Launcher.Result up = launcher.run(400, "up");
      assertEquals(0, up.exitCode(), up.output());
      Map<String, Long> pids = launcher.pids();

      Process feed =
          launcher.start(
              home.resolve("feed.out"),
              "feed",
              "--sample",
              Integer.toString(RECORDS),
              "--rate",
              Integer.toString(RATE));
      // a third of the feed in, with records in every stage, then the broker dies
      waitFor(
          launcher.url("train"),
          s -> s.path("samplesSeen").asLong() > 0,
          120,
          "training on the feed");
      Thread.sleep(RECORDS / RATE * 1000L / 3);
      ProcessHandle broker = ProcessHandle.of(pids.get("kafka")).orElseThrow();
      broker.destroyForcibly(); // kill -9
      broker.onExit().get(30, TimeUnit.SECONDS);
      Thread.sleep(10_000);
      Launcher.Result again = launcher.run(300, "up");
      assertEquals(0, again.exitCode(), again.output());
      assertTrue(again.output().contains("kafka      up at"), again.output());
      long trainedAtRestart = status(launcher.url("train")).path("samplesSeen").asLong();

      assertTrue(feed.waitFor(240, TimeUnit.SECONDS), "the feed did not finish");
      assertEquals(0, feed.exitValue(), Files.readString(home.resolve("feed.out")));

      // Conservation by source offset: every raw offset exactly once in the three outputs.
      Map<Integer, Long> rawEnd = endOffsets(launcher.bootstrap(), Topics.RECORDS_RAW.name());
      long raw = rawEnd.values().stream().mapToLong(Long::longValue).sum();
      assertTrue(raw >= RECORDS, "records.raw holds " + raw);
      Map<String, Integer> seen = awaitConservation(launcher.bootstrap(), raw, home);
      List<String> twice = new ArrayList<>();
      seen.forEach(
          (ref, n) -> {
            if (n > 1) {
              twice.add(ref + " ×" + n);
            }
          });
      assertEquals(List.of(), twice, "inputs decided more than once");
      List<String> missing = new ArrayList<>();
      rawEnd.forEach(
          (p, end) -> {
            for (long o = 0; o < end; o++) {
              if (!seen.containsKey(Topics.RECORDS_RAW.name() + "-" + p + "@" + o)) {
                missing.add(p + "@" + o);
              }
            }
          });
      assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), "inputs lost");

      // The same processes recovered: ready, and the trainer steps on after the restart.
      assertEquals(pids.get("ingest"), launcher.pids().get("ingest"), "ingest was restarted");
      assertEquals(pids.get("train"), launcher.pids().get("train"), "train was restarted");
      assertEquals(pids.get("reward"), launcher.pids().get("reward"), "reward was restarted");
      for (String service : List.of("ingest", "train", "reward")) {
        assertTrue(ProcessHandle.of(pids.get(service)).isPresent(), service + " died");
        HttpResponse<String> ready = get(launcher.url(service) + "/q/health/ready");
        assertEquals(200, ready.statusCode(), service + ": " + ready.body());
      }
      waitFor(
          launcher.url("train"),
          st -> st.path("samplesSeen").asLong() > trainedAtRestart,
          120,
          "training on records after the broker restart (" + trainedAtRestart + " before)");
      JsonNode s = status(launcher.url("train"));
      assertEquals("training", s.path("state").asText(), s.toString());
    }
  }

  /**
   * Reads records.clean, records.eval and records.rejected (read_committed) until they account for
   * {@code raw} inputs or {@link #WAIT} passes; the count of each raw source offset seen.
   */
  private Map<String, Integer> awaitConservation(String bootstrap, long raw, Path home)
      throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    List<Reader<?>> readers =
        List.of(
            new Reader<>(bootstrap, Topics.RECORDS_CLEAN, r -> r.source()),
            new Reader<>(bootstrap, Topics.RECORDS_EVAL, r -> r.source()),
            new Reader<>(bootstrap, Topics.RECORDS_REJECTED, r -> r.source()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    long decided = 0;
    try {
      while (System.nanoTime() < deadline) {
        for (Reader<?> r : readers) {
          for (SourceRef ref : r.poll()) {
            if (ref != null && ref.topic().equals(Topics.RECORDS_RAW.name())) {
              seen.merge(ref.toString(), 1, Integer::sum);
              decided++;
            }
          }
        }
        if (decided >= raw) {
          // settle a little: a duplicate would arrive after the last missing one
          Thread.sleep(3_000);
          for (Reader<?> r : readers) {
            for (SourceRef ref : r.poll()) {
              if (ref != null && ref.topic().equals(Topics.RECORDS_RAW.name())) {
                seen.merge(ref.toString(), 1, Integer::sum);
              }
            }
          }
          return seen;
        }
      }
      throw new AssertionError(
          "only "
              + decided
              + " of "
              + raw
              + " inputs decided in "
              + WAIT.toSeconds()
              + " s\nread so far (partition: position / last stable offset): "
              + readers.stream().map(Reader::progress).toList()
              + "\nwhat ingest said:\n"
              + whatIngestSaid(home));
    } finally {
      readers.forEach(Reader::close);
    }
  }

  /**
   * The ingest log's errors and Kafka Streams state changes, the last 25: why records stopped being
   * decided, in the failure message (CI keeps no service logs).
   */
  private static String whatIngestSaid(Path home) throws java.io.IOException {
    Path log = home.resolve("logs/ingest.log");
    if (!Files.exists(log)) {
      return "(no " + log + ")";
    }
    List<String> lines;
    try (var all = Files.lines(log)) {
      lines =
          all.filter(
                  l ->
                      l.contains(" ERROR ")
                          || l.contains("Exception:")
                          || l.contains("stream-client") && l.contains("State transition"))
              .map(l -> l.length() > 400 ? l.substring(0, 400) + " …" : l)
              .toList();
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }

  /** One output topic read from the beginning, read_committed: the source of every record. */
  static final class Reader<V> implements AutoCloseable {
    final KafkaConsumer<String, V> consumer;
    final Function<V, SourceRef> source;

    Reader(String bootstrap, Topic<String, V> topic, Function<V, SourceRef> source) {
      Map<String, Object> c = new HashMap<>();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer =
          new KafkaConsumer<>(
              c, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
      List<TopicPartition> parts =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      this.source = source;
    }

    /** Where this reader stands on each partition: its position and the last stable offset. */
    String progress() {
      StringBuilder out = new StringBuilder();
      consumer
          .endOffsets(consumer.assignment())
          .forEach(
              (tp, lso) ->
                  out.append(tp)
                      .append(": ")
                      .append(consumer.position(tp))
                      .append(" / ")
                      .append(lso)
                      .append("; "));
      return out.toString();
    }

    List<SourceRef> poll() {
      List<SourceRef> out = new ArrayList<>();
      consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(source.apply(r.value())));
      return out;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            c,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      Map<Integer, Long> out = new TreeMap<>();
      consumer.endOffsets(parts).forEach((tp, end) -> out.put(tp.partition(), end));
      return out;
    }
  }
}
