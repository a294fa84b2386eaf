package io.streamtune.ingest.it;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the three ingest outputs (committed records only) from the beginning, incrementally. */
final class Outputs implements AutoCloseable {

  final List<CleanRecord> clean = new ArrayList<>();
  final List<CleanRecord> eval = new ArrayList<>();
  final List<RejectedRecord> rejected = new ArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;

  Outputs(Map<String, Object> clientConfig) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "outputs-" + UUID.randomUUID());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t :
        List.of(
            Topics.RECORDS_CLEAN.name(),
            Topics.RECORDS_EVAL.name(),
            Topics.RECORDS_REJECTED.name())) {
      for (PartitionInfo p : consumer.partitionsFor(t)) {
        parts.add(new TopicPartition(t, p.partition()));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  int total() {
    return clean.size() + eval.size() + rejected.size();
  }

  /** Polls until at least {@code n} outputs were read, or the hang guard runs out. */
  Outputs awaitTotal(int n, Duration guard) {
    long end = System.nanoTime() + guard.toNanos();
    while (total() < n && System.nanoTime() < end) {
      poll();
    }
    return this;
  }

  /** Polls a little more, to catch anything beyond an expected total. */
  Outputs settle() {
    for (int i = 0; i < 5; i++) {
      poll();
    }
    return this;
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.topic().equals(Topics.RECORDS_CLEAN.name())) {
        clean.add(
            Topics.RECORDS_CLEAN.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      } else if (r.topic().equals(Topics.RECORDS_EVAL.name())) {
        eval.add(Topics.RECORDS_EVAL.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      } else {
        rejected.add(
            Topics.RECORDS_REJECTED.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
