package io.streamtune.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record the broker never acknowledged fails the feed, naming how many: nothing lost silently.
 */
class FeederTest {

  @Test
  void recordsNeverAcknowledgedFailTheFeedWithTheirCount() {
    Map<String, Object> unreachable =
        Map.of(
            "bootstrap.servers", "127.0.0.1:1", // nothing listens there
            "max.block.ms", 500,
            "request.timeout.ms", 500,
            "delivery.timeout.ms", 1000);
    try (Feeder feeder = new Feeder(unreachable, 0)) {
      byte[] lines =
          "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"y\"}\n"
              .getBytes(StandardCharsets.UTF_8);
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> feeder.feed(new ByteArrayInputStream(lines)));
      assertTrue(e.getMessage().startsWith("2 of 2 records were not delivered"), e.getMessage());
    }
  }
}
