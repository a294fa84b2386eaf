package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * saveState → loadState restores weights, moments and counters bit for bit; training continues
 * identically.
 */
class StateRoundTripTest {

  @Test
  void fullFineTuningRoundTripIsBitExactAndContinuesIdentically(@TempDir Path dir)
      throws Exception {
    roundTrip(Fixtures.tiny(), dir);
    assertTrue(Files.exists(dir.resolve("model.safetensors")));
    assertTrue(Files.notExists(dir.resolve("adapter.safetensors")));
  }

  @Test
  void loraRoundTripKeepsAdaptersApartFromTheBase(@TempDir Path dir) throws Exception {
    roundTrip(Fixtures.withLora(Fixtures.tiny(), Set.of("k", "out")), dir);
    assertTrue(Files.exists(dir.resolve("adapter.safetensors")));
    assertTrue(
        Files.size(dir.resolve("adapter.safetensors"))
            < Files.size(dir.resolve("model.safetensors")));
  }

  @Test
  void aRollbackRestoresTheModelButKeepsTheHyperparametersInForce(@TempDir Path dir)
      throws Exception {
    List<TrainExample> data = Fixtures.topics(8, 300);
    try (OnlineTrainer t = OnlineTrainer.create(Fixtures.tiny())) {
      for (int i = 0; i < 6; i++) {
        t.step(Fixtures.batch(data, i, 8), List.of());
      }
      t.saveState(dir);
      Map<String, float[]> saved = Weights.of(t);
      long savedStep = t.stepCount();
      for (int i = 6; i < 10; i++) {
        t.step(Fixtures.batch(data, i, 8), List.of());
      }
      t.setLearningRate(1e-5); // the doctor's cut, or an operator's change, after the save
      t.setWeightDecay(0.2);
      t.setLambda(0.0);
      t.rollBackTo(dir);
      assertEquals(savedStep, t.stepCount());
      assertBitEqual(saved, Weights.of(t));
      assertEquals(1e-5, t.learningRate());
      assertEquals(0.2, t.weightDecay());
      assertEquals(0.0, t.lambda());
    }
  }

  private static void roundTrip(TrainerSettings settings, Path dir) throws Exception {
    List<TrainExample> data = Fixtures.topics(8, 300);
    TrainerSettings otherSeed = withSeed(settings, 1234);
    try (OnlineTrainer original = OnlineTrainer.create(settings);
        OnlineTrainer restored = OnlineTrainer.create(otherSeed)) {
      for (int i = 0; i < 12; i++) {
        original.step(Fixtures.batch(data, i, 8), List.of());
      }
      original.setLearningRate(2e-3);
      original.saveState(dir);
      restored.loadState(dir);
      assertEquals(original.stepCount(), restored.stepCount());
      assertEquals(original.learningRate(), restored.learningRate());
      assertBitEqual(Weights.of(original), Weights.of(restored));
      assertBitEqual(Weights.moments(original), Weights.moments(restored));
      for (int i = 12; i < 20; i++) {
        StepStats a = original.step(Fixtures.batch(data, i, 8), List.of());
        StepStats b = restored.step(Fixtures.batch(data, i, 8), List.of());
        assertEquals(a, b, "step " + i + " after reload");
      }
      assertBitEqual(Weights.of(original), Weights.of(restored));
    }
  }

  private static void assertBitEqual(Map<String, float[]> a, Map<String, float[]> b) {
    assertEquals(a.keySet(), b.keySet());
    assertEquals(List.of(), Weights.changed(a, b), "tensors differing after reload");
  }

  private static TrainerSettings withSeed(TrainerSettings s, long seed) {
    return s.toBuilder()
        .seed(seed)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }
}
