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
      assertEquals(4, trainer.progress().steps());
      assertEquals(3, t.steps());
      assertEquals(24, t.examples());
      assertTrue(t.tokens() > 24 && t.stepsPerSecond() > 0 && t.achievedGflops() > 0);
      assertEquals(6.0 * trainer.parameterCount() * 100, Benchmarks.flopsPerStep(trainer, 100));
      assertTrue(Benchmarks.matmulPeak(trainer, 128, 2) > 0);
    }
    // LoRA: the frozen base gets no weight gradients, so about 4N per token
    try (OnlineTrainer lora =
        OnlineTrainer.create(Fixtures.withLora(Fixtures.tiny(), java.util.Set.of("q", "v")))) {
      double n = lora.parameterCount();
      double perToken = Benchmarks.flopsPerStep(lora, 1);
      assertEquals(4 * n + 2 * lora.trainableParameterCount(), perToken);
      assertTrue(perToken < 4.2 * n, perToken + " vs N = " + n);
    }
  }

  @Test
  void cachedAndUncachedInferenceAreTimedSideBySide() {
    List<TrainExample> data = Fixtures.topics(13, 4);
    List<String> texts = data.stream().map(TrainExample::prompt).toList();
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      Benchmarks.Comparison scoring =
          Benchmarks.labelScoring(trainer, texts, List.of("sports", "food"), 2);
      assertEquals(8, scoring.units());
      assertTrue(scoring.oldSeconds() > 0 && scoring.newSeconds() > 0 && scoring.speedup() > 0);
      Benchmarks.GenerationTiming generation =
          Benchmarks.generation(trainer, texts.subList(0, 2), 5, 1);
      assertTrue(generation.units() > 0 && generation.units() <= 10);
      // each prompt's first token comes from its pass; the prompts leave room for 5 more tokens
      assertEquals(2, generation.fullPasses());
      assertTrue(generation.cachedSteps() >= generation.units() - 2);
      assertTrue(generation.oldSeconds() > 0 && generation.newSeconds() > 0);
    }
  }
}
