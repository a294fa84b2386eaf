package io.streamtune.reward.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.common.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaStreamsDefaultsTest {

  @Test
  void topicsComeFromTheRegistryAndSecuritySettingsReachStreams() {
    Map<String, String> given =
        Map.of(
            "kafka.bootstrap.servers", "broker:9093",
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "PLAIN",
            "kafka.sasl.jaas.config", "x required;",
            "kafka.ssl.truststore.location", "/etc/ts.p12",
            "kafka.sasl.empty", "",
            "reward.scorers", "length");
    Map<String, String> derived = KafkaStreamsDefaults.derive(given.keySet(), given::get);
    assertEquals(
        Map.of(
            "quarkus.kafka-streams.topics",
            Topics.MODEL_OUTPUTS.name()
                + ","
                + Topics.MODEL_REWARDS.name()
                + ","
                + Topics.RECORDS_REJECTED.name(),
            "kafka-streams.security.protocol",
            "SASL_SSL",
            "kafka-streams.sasl.mechanism",
            "PLAIN",
            "kafka-streams.sasl.jaas.config",
            "x required;",
            "kafka-streams.ssl.truststore.location",
            "/etc/ts.p12"),
        derived);
  }
}
