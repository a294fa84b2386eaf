package io.streamtune.train.data;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings for the consumers and producers this service creates. They start from every
 * {@code kafka.*} property (bootstrap servers, security.protocol, sasl.*, ssl.*), so a secured
 * cluster needs no code change.
 */
public final class KafkaClients {

  private KafkaClients() {}

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
