package io.streamtune.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker is a real Kafka: topics, produce, consume, and data kept across restarts. */
class LocalKafkaIT {

  @TempDir Path data;

  @Test
  void createsRegistryTopicsOnceAndFeedsEveryLineByteExact() throws Exception {
    try (LocalKafka kafka = LocalKafka.startOnFreePorts(data)) {
      Map<String, Integer> partitions = TopicAdmin.partitions("records.raw=2");
      List<String> created = TopicAdmin.ensure(kafka.clientConfig(), partitions, 30_000);
      assertEquals(Topics.ALL.size(), created.size());
      // Idempotent: a second call creates nothing and does not fail.
      assertEquals(List.of(), TopicAdmin.ensure(kafka.clientConfig(), partitions, 30_000));
      try (Admin admin = Admin.create(kafka.clientConfig())) {
        var raw =
            admin.describeTopics(Set.of("records.raw")).allTopicNames().get().get("records.raw");
        assertEquals(2, raw.partitions().size());
      }

      byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
      byte[] input =
          concat(
              "{\"text\":\"caf\u00e9\",\"label\":\"food\"}\r\n".getBytes(StandardCharsets.UTF_8),
              "not json at all\n".getBytes(StandardCharsets.UTF_8),
              invalidUtf8,
              "\n\n[1,2]".getBytes(StandardCharsets.UTF_8));
      try (Feeder feeder = new Feeder(kafka.clientConfig(), 0)) {
        assertEquals(5, feeder.feed(new ByteArrayInputStream(input)));
      }
      List<byte[]> values = readAll(kafka, Topics.RECORDS_RAW.name(), 5);
      Set<String> asText =
          values.stream()
              .map(v -> new String(v, StandardCharsets.ISO_8859_1))
              .collect(Collectors.toSet());
      assertEquals(
          Set.of(
              new String(
                  "{\"text\":\"caf\u00e9\",\"label\":\"food\"}".getBytes(StandardCharsets.UTF_8),
                  StandardCharsets.ISO_8859_1),
              "not json at all",
              new String(invalidUtf8, StandardCharsets.ISO_8859_1),
              "",
              "[1,2]"),
          asText);
    }
  }

  @Test
  void keepsTopicsAndRecordsAcrossARestartOnTheSameFolder() throws Exception {
    int port = LocalKafka.freePort();
    int controllerPort = LocalKafka.freePort();
    try (LocalKafka kafka = LocalKafka.start(data, port, controllerPort)) {
      TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(null), 30_000);
      try (Feeder feeder = new Feeder(kafka.clientConfig(), 0)) {
        feeder.feed(new ByteArrayInputStream("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));
      }
    }
    try (LocalKafka again = LocalKafka.start(data, port, controllerPort)) {
      assertEquals(
          List.of(), TopicAdmin.ensure(again.clientConfig(), TopicAdmin.partitions(null), 30_000));
      List<byte[]> values = readAll(again, Topics.RECORDS_RAW.name(), 1);
      assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), values.get(0));
    }
  }

  private static List<byte[]> readAll(LocalKafka kafka, String topic, int expected) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-it-" + System.nanoTime());
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // Nothing beyond what was sent.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      assertTrue(
          consumer.assignment().stream().allMatch(tp -> tp instanceof TopicPartition), "assigned");
    }
    assertEquals(expected, values.size(), "records on " + topic);
    return values;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
