package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark entry points run and report consistent figures (no timing is asserted). */
class BenchmarksTest {

  @Test
  void inMemoryThroughputAndMatmulPeakAreMeasured() {
    List<TrainExample> data = Fixtures.topics(12, 64);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      Benchmarks.Throughput t = Benchmarks.inMemory(trainer, data, 8, 1, 3);
      assertEquals(4, trainer.stepCount());
      assertEquals(3, t.steps());
      assertEquals(24, t.examples());
      assertTrue(t.tokens() > 24 && t.stepsPerSecond() > 0 && t.achievedGflops() > 0);
      assertEquals(6.0 * trainer.parameterCount() * 100, Benchmarks.flopsPerStep(trainer, 100));
      assertTrue(Benchmarks.matmulPeak(trainer, 128, 2) > 0);
    }
  }
}
