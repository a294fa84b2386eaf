package io.streamtune.common;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that is its own serializer and deserializer, with nothing to configure or close: an
 * implementation writes {@code serialize} and {@code deserialize}, and nothing else.
 */
public interface SelfSerde<T> extends Serde<T>, Serializer<T>, Deserializer<T> {

  @Override
  default void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  default void close() {}

  @Override
  default Serializer<T> serializer() {
    return this;
  }

  @Override
  default Deserializer<T> deserializer() {
    return this;
  }
}
