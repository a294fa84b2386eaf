package io.streamtune.reward.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.common.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaStreamsDefaultsTest {

  @Test
  void topicsComeFromTheRegistry() {
    assertEquals(
        Map.of(
            "quarkus.kafka-streams.topics",
            Topics.MODEL_OUTPUTS.name()
                + ","
                + Topics.MODEL_REWARDS.name()
                + ","
                + Topics.RECORDS_REJECTED.name()),
        KafkaStreamsDefaults.derive());
  }
}
