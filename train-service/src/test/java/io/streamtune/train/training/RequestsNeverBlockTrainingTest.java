package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.outputs.OutputSampler;
import io.streamtune.train.outputs.PendingOutputs;
import io.streamtune.train.outputs.Publisher;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A request holding the snapshot for as long as it likes does not hold up the training thread: its
 * steps, its evaluation and its output sampling (label predictions and generation, published to a
 * broker that is not there) all finish while the request is still running.
 */
class RequestsNeverBlockTrainingTest {

  @Test
  void theTrainingThreadRunsWhileARequestHoldsTheSnapshot() throws Exception {
    List<TrainExample> data = new ArrayList<>(Fixtures.topics(3, 64));
    data.add(new TrainExample("g1", TaskKind.GENERATION, "rain and wind", "storm"));
    List<TrainExample> heldOut = Fixtures.topics(4, 16);
    String deadBroker;
    try (ServerSocket s = new ServerSocket(0)) {
      deadBroker = "localhost:" + s.getLocalPort(); // closed below: nothing listens there
    }
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny());
        Publisher publisher =
            new Publisher(Map.of("bootstrap.servers", deadBroker, "max.block.ms", 200))) {
      OutputSampler sampler =
          new OutputSampler(
              publisher,
              new PendingOutputs(100),
              1.0,
              new GenerationSettings(4, 0.8, 5),
              1.0,
              "m",
              1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      int[] sampled = new int[1];
      long stepsBefore = trainer.progress().steps();
      String answer =
          trainer
              .requests()
              .query(
                  (snapshot, manager) -> {
                    // the request lane is held from here until the training thread is done
                    Thread training =
                        new Thread(
                            () -> {
                              try {
                                for (int i = 0; i < 3; i++) {
                                  trainer.step(Fixtures.batch(data, i, 16), List.of());
                                }
                                trainer.live().evaluate(heldOut, TopicTask.LABELS);
                                sampled[0] = sampler.sample(trainer, data, TopicTask.LABELS, 3);
                              } catch (Throwable t) {
                                failure.set(t);
                              }
                            },
                            "train-loop");
                    training.start();
                    try {
                      training.join(120_000);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    assertFalse(training.isAlive(), "the training thread waited for the request");
                    return "request done";
                  });
      assertEquals("request done", answer);
      assertNull(failure.get());
      assertEquals(stepsBefore + 3, trainer.progress().steps());
      assertEquals(data.size(), sampled[0], "every record sampled (fraction 1)");
      // and the request lane serves the weights the steps produced once it is free again
      assertEquals(
          4,
          trainer
              .requests()
              .predictLabels(List.of("goal"), TopicTask.LABELS)
              .get(0)
              .probabilities()
              .size());
      assertTrue(publisher.dropped() <= data.size());
    }
  }
}
