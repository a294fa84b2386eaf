package io.streamtune.train.outputs;

import io.streamtune.common.Topic;
import io.streamtune.train.data.KafkaClients;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The service's one producer (model.outputs, train.events). Sends are asynchronous: the training
 * thread never waits on the broker; a failed send is logged and counted, never retried forever.
 */
public final class Publisher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final LongAdder failed = new LongAdder();

  public Publisher(Map<String, Object> kafkaConfig) {
    this.producer =
        new KafkaProducer<>(
            KafkaClients.producer(kafkaConfig, "streamtune-train"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  public <K, V> void send(Topic<K, V> topic, K key, V value) {
    byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    producer.send(
        new ProducerRecord<>(topic.name(), k, v),
        (meta, e) -> {
          if (e != null) {
            failed.increment();
            LOG.warnf("cannot publish to %s: %s", topic.name(), e.getMessage());
          }
        });
  }

  public long failed() {
    return failed.sum();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
