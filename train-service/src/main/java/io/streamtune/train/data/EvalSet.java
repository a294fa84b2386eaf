package io.streamtune.train.data;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.train.training.TrainExample;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The held-out set: records.eval read from the beginning on its own thread into a bounded buffer
 * (the newest {@code capacity} records win). Evaluation takes a copy, so reading never blocks it.
 */
public final class EvalSet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EvalSet.class);

  private final int capacity;
  private final LabelSet labels;
  private final ArrayDeque<TrainExample> examples = new ArrayDeque<>();
  private final TopicReader reader;

  public EvalSet(Map<String, Object> kafkaConfig, int capacity, LabelSet labels) {
    this.reader =
        new TopicReader(
            "train-eval-reader",
            KafkaClients.consumer(kafkaConfig, "streamtune-train-eval"),
            this::read,
            e -> LOG.error("records.eval reader stopped", e));
    this.capacity = capacity;
    this.labels = labels;
  }

  public void start() {
    reader.start();
  }

  /** Adds one held-out record; the oldest is dropped when full. */
  public synchronized void add(TrainExample example) {
    if (examples.size() >= capacity) {
      examples.pollFirst();
    }
    examples.addLast(example);
  }

  public synchronized List<TrainExample> snapshot() {
    return new ArrayList<>(examples);
  }

  public synchronized int size() {
    return examples.size();
  }

  private void read(KafkaConsumer<String, byte[]> c, BooleanSupplier stopped)
      throws InterruptedException {
    String topic = Topics.RECORDS_EVAL.name();
    List<TopicPartition> tps = KafkaClients.partitions(c, topic, stopped);
    c.assign(tps);
    c.seekToBeginning(tps);
    while (!stopped.getAsBoolean()) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        CleanRecord clean;
        try {
          clean = Topics.RECORDS_EVAL.valueSerde().deserializer().deserialize(topic, r.value());
        } catch (RuntimeException e) {
          continue; // malformed held-out record: not evaluable, never stops the reader
        }
        RecordConverter.toExample(clean).ifPresent(this::add);
        RecordConverter.label(clean).ifPresent(labels::observe);
      }
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
