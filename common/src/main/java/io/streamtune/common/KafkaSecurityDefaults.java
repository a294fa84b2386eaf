package io.streamtune.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands every Kafka security setting ({@link KafkaSecurity}: dotted or from the environment) to the
 * Kafka Streams clients as {@code kafka-streams.*}, in every service that has this jar. At a low
 * ordinal, so an explicit {@code kafka-streams.*} value in {@code application.properties} or the
 * environment still wins. The plain clients get the same settings from Quarkus's {@code kafka.*}
 * map, which applies the same rule.
 */
public class KafkaSecurityDefaults implements ConfigSourceFactory {

  /** Below application.properties (250) and the environment (300). */
  static final int ORDINAL = 150;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    List<String> names = new java.util.ArrayList<>();
    context.iterateNames().forEachRemaining(names::add);
    Map<String, String> values =
        streams(
            names,
            name -> {
              ConfigValue v = context.getValue(name);
              return v == null ? null : v.getValue();
            });
    return List.of(new PropertiesConfigSource(values, "streamtune-kafka-security", ORDINAL));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  /** The {@code kafka-streams.*} properties for the security settings among {@code names}. Pure. */
  static Map<String, String> streams(Iterable<String> names, Function<String, String> value) {
    Map<String, String> out = new LinkedHashMap<>();
    KafkaSecurity.settings(names, value).forEach((k, v) -> out.put("kafka-streams." + k, v));
    return out;
  }
}
