package io.streamtune.ingest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.MessyStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances and a restart, on a real broker with exactly-once: variants sent with no key land
 * on different raw partitions and different instances, yet each input is admitted once; after a
 * restart with the local state wiped (restored from the changelog), nothing seen is re-admitted and
 * nothing is processed twice.
 */
class RestartIT {

  static final Duration GUARD = Duration.ofMinutes(3);
  static Path dir;
  static LocalKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    dir = Files.createTempDirectory("ingest-restart-");
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
  void twoInstancesAdmitEachInputOnceAndARestartReadmitsNothing() throws Exception {
    MessyStream messy = new MessyStream(5);
    List<MessyStream.Line> lines = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      lines.add(messy.next());
    }
    long originals = messy.tally().get(MessyStream.ADMITTED);
    String app = "ingest-restart-" + System.nanoTime();
    try (Outputs out = new Outputs(kafka.clientConfig())) {
      try (StreamsRunner a = StreamsRunner.ingest(kafka.bootstrapServers(), app, dir.resolve("a"));
          StreamsRunner b = StreamsRunner.ingest(kafka.bootstrapServers(), app, dir.resolve("b"))) {
        send(lines); // no keys: an original and its variants scatter over partitions
        out.awaitTotal(lines.size(), GUARD).settle();
      }
      assertEquals(lines.size(), out.total());
      assertEquals(originals, out.clean.size() + out.eval.size(), "one admission per input");
      assertEquals(lines.size(), distinctSources(out).size());

      // restart one instance with its local state wiped: it restores from the changelog
      try (StreamsRunner c =
          StreamsRunner.ingest(kafka.bootstrapServers(), app, dir.resolve("c"))) {
        send(lines); // everything again
        out.awaitTotal(2 * lines.size(), GUARD).settle();
      }
      assertEquals(2 * lines.size(), out.total(), "each input decided exactly once");
      assertEquals(originals, out.clean.size() + out.eval.size(), "a restart re-admitted records");
      assertEquals(2 * lines.size(), distinctSources(out).size());
    }
  }

  private static Set<SourceRef> distinctSources(Outputs out) {
    Set<SourceRef> sources = new HashSet<>();
    Stream.of(out.clean, out.eval)
        .flatMap(List::stream)
        .map(CleanRecord::source)
        .forEach(sources::add);
    out.rejected.forEach(r -> sources.add(r.source()));
    assertTrue(sources.stream().allMatch(s -> s.topic().equals(Topics.RECORDS_RAW.name())));
    return sources;
  }

  private static void send(List<MessyStream.Line> lines) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (MessyStream.Line l : lines) {
        producer.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), null, l.value()));
      }
      producer.flush();
    }
  }
}
