package io.streamtune.train.data;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Client settings for the consumers and producers this service creates. They start from every
 * {@code kafka.*} property or {@code KAFKA_*} environment variable (bootstrap servers,
 * security.protocol, sasl.*, ssl.*: the rule of common's {@code KafkaSecurity}, which the Kafka
 * Streams services share), so a secured cluster needs no code change.
 */
public final class KafkaClients {

  private static final Logger LOG = Logger.getLogger(KafkaClients.class);

  private KafkaClients() {}

  /**
   * The partitions of {@code topic}, waiting (and saying so) until the topic exists; empty when
   * {@code stopped} turns true first. Readers assign these themselves: nothing is subscribed.
   */
  public static List<TopicPartition> partitions(
      Consumer<?, ?> consumer, String topic, BooleanSupplier stopped) throws InterruptedException {
    while (!stopped.getAsBoolean()) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException e) {
        infos = null;
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
      LOG.warnf("waiting for topic %s to exist", topic);
      Thread.sleep(1000);
    }
    return List.of();
  }

  /** A consumer that never commits: the offsets a model was trained on live in its checkpoint. */
  public static Map<String, Object> consumer(Map<String, Object> base, String clientId) {
    Map<String, Object> c = new HashMap<>(base);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // ingest writes transactionally: never train on aborted records.
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG); // partitions are assigned, not subscribed
    return c;
  }

  /** An idempotent producer for outputs and events. */
  public static Map<String, Object> producer(Map<String, Object> base, String clientId) {
    Map<String, Object> c = new HashMap<>(base);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return c;
  }
}
