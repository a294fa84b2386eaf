package io.streamtune.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {

  /** What a configuration answers for a dotted name: here the environment wins, as in Quarkus. */
  static String lookup(String dotted) {
    return switch (dotted) {
      case "kafka.security.protocol" -> "SASL_PLAINTEXT";
      case "kafka.sasl.mechanism" -> "SCRAM-SHA-512";
      case "kafka.sasl.jaas.config" -> "from the environment;";
      case "kafka.ssl.truststore.location" -> "/etc/ts.p12";
      case "kafka.sasl.login.callback.handler.class" -> "";
      default -> null;
    };
  }

  @Test
  void dottedNamesAndEnvironmentVariablesGiveTheSameSettings() {
    List<String> names =
        List.of(
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_SASL_JAAS_CONFIG",
            "kafka.sasl.jaas.config",
            "kafka.sasl.mechanism",
            "kafka.ssl.truststore.location",
            "KAFKA_SASL_LOGIN_CALLBACK_HANDLER_CLASS",
            "kafka.bootstrap.servers",
            "KAFKA_BOOTSTRAP_SERVERS",
            "kafka-streams.sasl.mechanism",
            "quarkus.kafka-streams.topics",
            "PATH");
    assertEquals(
        Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "from the environment;",
            "ssl.truststore.location", "/etc/ts.p12"),
        KafkaSecurity.settings(names, KafkaSecurityTest::lookup));
  }

  @Test
  void kafkaStreamsGetsEverySecuritySetting() {
    Map<String, String> streams =
        KafkaSecurityDefaults.streams(
            List.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SECURITY_PROTOCOL", "reward.scorers"),
            KafkaSecurityTest::lookup);
    assertEquals(
        Map.of(
            "kafka-streams.sasl.jaas.config", "from the environment;",
            "kafka-streams.security.protocol", "SASL_PLAINTEXT"),
        streams);
  }

  @Test
  void namesMapBothWays() {
    assertEquals("sasl.jaas.config", KafkaSecurity.clientName("KAFKA_SASL_JAAS_CONFIG"));
    assertEquals("security.protocol", KafkaSecurity.clientName("kafka.security.protocol"));
    assertNull(KafkaSecurity.clientName("kafka.bootstrap.servers"));
    assertNull(KafkaSecurity.clientName("kafka-streams.sasl.mechanism"));
    assertEquals("KAFKA_SASL_JAAS_CONFIG", KafkaSecurity.envName("sasl.jaas.config"));
    assertEquals(
        "kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG)",
        KafkaSecurity.property("sasl.jaas.config"));
  }

  @Test
  void plaintextNeedsNoCheckAndBrokenSaslSettingsNameTheProperty() {
    // no broker at all: PLAINTEXT returns at once, nothing to authenticate
    KafkaSecurity.checkCredentials(
        Map.of("bootstrap.servers", "localhost:1"), Duration.ofSeconds(1));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                KafkaSecurity.checkCredentials(
                    Map.of(
                        "bootstrap.servers", "localhost:1",
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN"),
                    Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("KAFKA_SASL_JAAS_CONFIG"), e.getMessage());
  }
}
