package io.streamtune.reward.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.streamtune.common.Topics;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Kafka Streams settings derived from the rest of the configuration, at a low ordinal so an
 * explicit {@code application.properties} or environment value still wins:
 *
 * <ul>
 *   <li>{@code quarkus.kafka-streams.topics}: the topics the service reads and writes, from the
 *       registry (Streams waits for them; the health check reports them);
 *   <li>every Kafka security setting given as {@code kafka.security.protocol}, {@code kafka.sasl.*}
 *       or {@code kafka.ssl.*}, copied to {@code kafka-streams.*} so the Streams clients get it
 *       too.
 * </ul>
 */
public class KafkaStreamsDefaults implements ConfigSourceFactory {

  /** Below application.properties (250) and the environment (300). */
  static final int ORDINAL = 150;

  static final List<String> SECURITY_PREFIXES =
      List.of("kafka.security.protocol", "kafka.sasl.", "kafka.ssl.");

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    Map<String, String> values =
        derive(
            context::iterateNames,
            name -> {
              ConfigValue v = context.getValue(name);
              return v == null ? null : v.getValue();
            });
    return List.of(new PropertiesConfigSource(values, "streamtune-reward-kafka-streams", ORDINAL));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  /** The derived properties, from the names and values of the other sources. Pure. */
  static Map<String, String> derive(Iterable<String> names, Function<String, String> value) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        "quarkus.kafka-streams.topics",
        String.join(
            ",",
            Topics.MODEL_OUTPUTS.name(),
            Topics.MODEL_REWARDS.name(),
            Topics.RECORDS_REJECTED.name()));
    for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
      String name = it.next();
      if (SECURITY_PREFIXES.stream().anyMatch(name::startsWith)) {
        String v = value.apply(name);
        if (v != null && !v.isEmpty()) {
          out.put("kafka-streams." + name.substring("kafka.".length()), v);
        }
      }
    }
    return out;
  }
}
