package io.streamtune.train.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With the broker unreachable, sends return at once; what cannot be delivered is counted. */
class PublisherTest {

  @Test
  void sendsNeverWaitOnAnUnreachableBrokerAndDropsAreCounted() throws Exception {
    String deadBroker;
    try (ServerSocket s = new ServerSocket(0)) {
      deadBroker = "localhost:" + s.getLocalPort();
    }
    int records = 1000;
    try (Publisher publisher =
        new Publisher(Map.of("bootstrap.servers", deadBroker, "max.block.ms", 200), 10)) {
      Thread training =
          new Thread(
              () -> {
                for (int i = 0; i < records; i++) {
                  publisher.send(
                      Topics.TRAIN_EVENTS,
                      "m",
                      new TrainEvent("checkpoint", "m", i, Instant.now(), Map.of()));
                }
              },
              "train-loop");
      training.start();
      // blocking sends would take records × max.block.ms = 200 s; handing over takes milliseconds
      training.join(TimeUnit.SECONDS.toMillis(60));
      assertFalse(training.isAlive(), "the training thread waited on the broker");
      assertTrue(
          publisher.dropped() >= records - 11,
          "beyond the backlog of 10 (and the one being sent) records are dropped at once: "
              + publisher.dropped());
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (publisher.dropped() < records && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertEquals(records, publisher.dropped(), "the backlog fails after max.block.ms each");
    }
  }
}
