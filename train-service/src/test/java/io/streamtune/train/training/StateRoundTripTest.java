package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * state().save → state().load restores weights, moments and counters bit for bit; training
 * continues identically.
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
  void loraRoundTripStoresAdaptersAndTheBasesFingerprintNotTheBase(@TempDir Path dir)
      throws Exception {
    TrainerSettings lora = Fixtures.withLora(Fixtures.tiny(), Set.of("k", "out"));
    // the restored trainer has the same (seeded) base: a LoRA state is resumed onto its base
    roundTrip(lora, lora, dir);
    assertTrue(Files.exists(dir.resolve("adapter.safetensors")));
    assertTrue(Files.notExists(dir.resolve("model.safetensors")), "the frozen base is not copied");
    JsonNode base = new ObjectMapper().readTree(dir.resolve("trainer.json").toFile()).get("base");
    assertEquals(64, base.get("sha256").asText().length(), base.toString());
    assertTrue(base.get("source").asText().contains("seed 42"), base.toString());
  }

  @Test
  void loraAdaptersAreNotResumedOntoAnotherBase(@TempDir Path dir) throws Exception {
    TrainerSettings lora = Fixtures.withLora(Fixtures.tiny(), Set.of("k", "out"));
    List<TrainExample> data = Fixtures.topics(8, 300);
    try (OnlineTrainer original = OnlineTrainer.create(lora);
        OnlineTrainer otherBase = OnlineTrainer.create(withSeed(lora, 1234))) {
      original.step(Fixtures.batch(data, 0, 8), List.of());
      original.state().save(dir);
      Map<String, float[]> before = Weights.of(otherBase);
      IOException e = assertThrows(IOException.class, () -> otherBase.state().load(dir));
      assertTrue(e.getMessage().contains("adapters fit only the base"), e.getMessage());
      assertTrue(e.getMessage().contains("seed 1234"), e.getMessage());
      assertBitEqual(before, Weights.of(otherBase));
      assertEquals(0, otherBase.progress().steps());
    }
  }

  @Test
  void aRollbackRestoresTheModelButKeepsTheHyperparametersInForce(@TempDir Path dir)
      throws Exception {
    List<TrainExample> data = Fixtures.topics(8, 300);
    try (OnlineTrainer t = OnlineTrainer.create(Fixtures.tiny())) {
      for (int i = 0; i < 6; i++) {
        t.step(Fixtures.batch(data, i, 8), List.of());
      }
      t.state().save(dir);
      Map<String, float[]> saved = Weights.of(t);
      long savedStep = t.progress().steps();
      for (int i = 6; i < 10; i++) {
        t.step(Fixtures.batch(data, i, 8), List.of());
      }
      t.hyperparameters()
          .setLearningRate(1e-5); // the doctor's cut, or an operator's change, after the save
      t.hyperparameters().setWeightDecay(0.2);
      t.hyperparameters().setLambda(0.0);
      t.state().rollBackTo(dir);
      assertEquals(savedStep, t.progress().steps());
      assertBitEqual(saved, Weights.of(t));
      assertEquals(1e-5, t.hyperparameters().learningRate());
      assertEquals(0.2, t.hyperparameters().weightDecay());
      assertEquals(0.0, t.hyperparameters().lambda());
    }
  }

  private static void roundTrip(TrainerSettings settings, Path dir) throws Exception {
    roundTrip(settings, withSeed(settings, 1234), dir);
  }

  private static void roundTrip(TrainerSettings settings, TrainerSettings into, Path dir)
      throws Exception {
    List<TrainExample> data = Fixtures.topics(8, 300);
    try (OnlineTrainer original = OnlineTrainer.create(settings);
        OnlineTrainer restored = OnlineTrainer.create(into)) {
      for (int i = 0; i < 12; i++) {
        original.step(Fixtures.batch(data, i, 8), List.of());
      }
      original.hyperparameters().setLearningRate(2e-3);
      original.state().save(dir);
      restored.state().load(dir);
      assertEquals(original.progress().steps(), restored.progress().steps());
      assertEquals(
          original.hyperparameters().learningRate(), restored.hyperparameters().learningRate());
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
