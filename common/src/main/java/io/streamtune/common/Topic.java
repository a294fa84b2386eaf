package io.streamtune.common;

import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic: its name, the partitions it gets when Streamtune creates it, and the one serde
 * for its key and value. Code and tests refer to the constants in {@link Topics}, never to names.
 */
public record Topic<K, V>(
    String name, int defaultPartitions, Serde<K> keySerde, Serde<V> valueSerde) {

  @Override
  public String toString() {
    return name;
  }
}
