package io.streamtune.train;

import io.streamtune.common.Topic;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes the learnable topic task as clean records straight onto records.clean / records.eval. */
public final class TopicTaskFeed {

  private TopicTaskFeed() {}

  /** A clean record for one generated example; ids are unique per prefix and index. */
  public static CleanRecord record(String idPrefix, int i, TopicTask.Example e) {
    return new CleanRecord(
        idPrefix + "-" + i,
        TaskKind.LABEL,
        e.text(),
        e.label(),
        new SourceRef("records.raw", 0, i),
        Instant.now(),
        List.of());
  }

  /**
   * Sends {@code n} records and waits until the broker has them all.
   *
   * @return the records' ids by partition, in offset order
   */
  public static Map<Integer, List<String>> send(
      Map<String, Object> kafka,
      Topic<String, CleanRecord> topic,
      String idPrefix,
      long seed,
      int n)
      throws Exception {
    TopicTask task = new TopicTask(seed);
    Map<Integer, List<String>> ids = new HashMap<>();
    try (KafkaProducer<String, CleanRecord> p =
        new KafkaProducer<>(
            kafka, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        CleanRecord r = record(idPrefix, i, task.next());
        sent.add(p.send(new ProducerRecord<>(topic.name(), r.id(), r)));
        order.add(r.id());
      }
      p.flush();
      for (int i = 0; i < n; i++) {
        RecordMetadata m = sent.get(i).get();
        ids.computeIfAbsent(m.partition(), k -> new ArrayList<>()).add(order.get(i));
      }
    }
    return ids;
  }
}
