package io.streamtune.reward.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.streamtune.common.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Kafka Streams settings derived from the rest of the configuration, at a low ordinal so an
 * explicit {@code application.properties} or environment value still wins: {@code
 * quarkus.kafka-streams.topics}, the topics the service reads and writes, from the registry
 * (Streams waits for them; the health check reports them). Security settings reach the Streams
 * clients through common's {@code KafkaSecurityDefaults}, as in every service.
 */
public class KafkaStreamsDefaults implements ConfigSourceFactory {

  /** Below application.properties (250) and the environment (300). */
  static final int ORDINAL = 150;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    Map<String, String> values = derive();
    return List.of(new PropertiesConfigSource(values, "streamtune-reward-kafka-streams", ORDINAL));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  /** The derived properties. Pure. */
  static Map<String, String> derive() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        "quarkus.kafka-streams.topics",
        String.join(
            ",",
            Topics.MODEL_OUTPUTS.name(),
            Topics.MODEL_REWARDS.name(),
            Topics.RECORDS_REJECTED.name()));
    return out;
  }
}
