package io.streamtune.train.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsFile;
import io.streamtune.train.training.GenerationSettings;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny GPT-2 checkpoint in the real file format loads into the trainer, learns and exports. */
class PretrainedTrainerTest {

  private static final List<TrainExample> BATCH =
      List.of(
          new TrainExample("1", TaskKind.GENERATION, "the weather in Oslo is", " rain"),
          new TrainExample("2", TaskKind.GENERATION, "the weather in Cairo is", " sun"),
          new TrainExample("3", TaskKind.GENERATION, "the match ended", " in a draw"),
          new TrainExample("4", TaskKind.GENERATION, "the soup needs", " salt"));

  private static NDManager manager;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    manager = Models.manager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void fullFineTuningStartsFromTheCheckpointLearnsAndExportsBitExactly() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(11);
    PretrainedModel source = PretrainedModels.open(tiny.write(dir.resolve("src"), DType.BF16));
    try (OnlineTrainer trainer = PretrainedModels.trainer(source, settings(false))) {
      for (Map.Entry<String, float[]> entry : tiny.values.entrySet()) {
        assertArrayEquals(
            entry.getValue(), values(trainer.model(), entry.getKey()), entry.getKey());
      }
      List<String> generated =
          trainer
              .requests()
              .generate(List.of("the weather in"), new GenerationSettings(5, 1.0, 20), 3);
      assertNotNull(generated.get(0));
      assertLossFalls(trainer);
      assertFalse(
          java.util.Arrays.equals(
              tiny.values.get("h.0.mlp.c_fc.weight"),
              values(trainer.model(), "h.0.mlp.c_fc.weight")),
          "full fine-tuning changes base weights");

      Path exported = dir.resolve("exported");
      PretrainedModels.exportMerged(trainer, source, exported, DType.F32);
      Gpt2Model reloaded = Models.load(exported, null, manager);
      for (String name : trainer.model().namedParameters().keySet()) {
        float[] want = values(trainer.model(), name);
        float[] got = values(reloaded, name);
        for (int i = 0; i < want.length; i++) {
          assertEquals(
              Float.floatToRawIntBits(want[i]),
              Float.floatToRawIntBits(got[i]),
              name + "[" + i + "]");
        }
      }
      Path again = dir.resolve("again");
      ModelExport.merged(reloaded, PretrainedModel.open(exported), again, DType.F32);
      assertArrayEquals(
          Files.readAllBytes(exported.resolve("model.safetensors")),
          Files.readAllBytes(again.resolve("model.safetensors")),
          "export → import → export gives the same bytes");
      assertArrayEquals(
          Files.readAllBytes(source.tokenizerFile()),
          Files.readAllBytes(again.resolve("tokenizer.json")));
      JsonNode config = new ObjectMapper().readTree(exported.resolve("config.json").toFile());
      assertEquals("float32", config.get("torch_dtype").asText());
      assertEquals(TinyGpt2.VOCAB - 1, config.get("eos_token_id").asInt(), "other fields kept");
    }
  }

  @Test
  void loraKeepsTheBaseAndExportsMergedAndAsPeftAdapter() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(12);
    PretrainedModel source = PretrainedModels.open(tiny.write(dir.resolve("src"), DType.F16));
    try (OnlineTrainer trainer = PretrainedModels.trainer(source, settings(true))) {
      assertLossFalls(trainer);
      Gpt2Model model = trainer.model();
      for (Map.Entry<String, float[]> entry : tiny.values.entrySet()) {
        assertArrayEquals(
            entry.getValue(), values(model, entry.getKey()), "frozen " + entry.getKey());
      }
      int[] ids = {5, 70, 256, 260, 33, 100, 12};
      float[] loraLogits = Models.logits(model, manager, ids);

      Path merged = dir.resolve("merged");
      PretrainedModels.exportMerged(trainer, source, merged, DType.F32);
      Gpt2Model plain = Models.load(merged, null, manager);
      float[] mergedLogits = Models.logits(plain, manager, ids);
      assertTrue(Models.maxAbsDiff(loraLogits, mergedLogits) < 1e-4, "merged = base + adapters");
      float[] baseLogits = Models.logits(Models.load(source.folder(), null, manager), manager, ids);
      assertTrue(Models.maxAbsDiff(loraLogits, baseLogits) > 1e-3, "the adapters did learn");

      Path adapter = dir.resolve("adapter");
      PretrainedModels.exportAdapter(trainer, source, adapter);
      assertPeftAdapterEqualsStreamtunes(model, adapter);
    }
  }

  @Test
  void aLoraStateNamesItsBaseAndIsResumedOnlyOntoIt() throws IOException {
    PretrainedModel base =
        PretrainedModels.open(new TinyGpt2(21).write(dir.resolve("a"), DType.F32));
    PretrainedModel other =
        PretrainedModels.open(new TinyGpt2(22).write(dir.resolve("b"), DType.F32));
    Path state = Files.createDirectories(dir.resolve("state"));
    Map<String, float[]> adapters;
    try (OnlineTrainer trainer = PretrainedModels.trainer(base, settings(true))) {
      for (int i = 0; i < 3; i++) {
        trainer.step(BATCH, List.of());
      }
      trainer.state().save(state);
      adapters = adapters(trainer.model());
    }
    assertFalse(Files.exists(state.resolve("model.safetensors")), "the frozen base is not copied");
    JsonNode saved =
        new ObjectMapper().readTree(state.resolve("trainer.json").toFile()).get("base");
    assertEquals(
        base.folder().toAbsolutePath().normalize().toString(), saved.get("source").asText());
    assertEquals(base.weightsSha256(), saved.get("sha256").asText());

    try (OnlineTrainer trainer = PretrainedModels.trainer(other, settings(true))) {
      IOException e = assertThrows(IOException.class, () -> trainer.state().load(state));
      assertTrue(e.getMessage().contains(base.weightsSha256()), e.getMessage());
      assertTrue(e.getMessage().contains("train.model.path"), e.getMessage());
    }
    try (OnlineTrainer trainer = PretrainedModels.trainer(base, settings(true))) {
      trainer.state().load(state);
      assertEquals(3, trainer.progress().steps());
      Map<String, float[]> resumed = adapters(trainer.model());
      assertEquals(adapters.keySet(), resumed.keySet());
      adapters.forEach((name, v) -> assertArrayEquals(v, resumed.get(name), name));
    }
  }

  private static Map<String, float[]> adapters(Gpt2Model model) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    model
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (Gpt2Model.isAdapter(name)) {
                out.put(name, p.getArray().toFloatArray());
              }
            });
    return out;
  }

  /** PEFT's update (alpha'/r') · (B_peft · A_peft)ᵀ equals Streamtune's Σ scaling · A_s B_s. */
  private static void assertPeftAdapterEqualsStreamtunes(Gpt2Model model, Path folder)
      throws IOException {
    JsonNode config = new ObjectMapper().readTree(folder.resolve("adapter_config.json").toFile());
    assertEquals("LORA", config.get("peft_type").asText());
    assertTrue(config.get("fan_in_fan_out").asBoolean());
    assertEquals(
        "[\"attn.c_attn\",\"attn.c_proj\",\"mlp.c_fc\",\"mlp.c_proj\"]",
        config.get("target_modules").toString());
    assertEquals(8, config.get("rank_pattern").get("attn.c_attn").asInt(), "q and v: 2 · r");
    int rank = model.lora().rank();
    List<LoraAdapters.Module> modules = LoraAdapters.of(model);
    assertEquals(4 * TinyGpt2.LAYERS, modules.size());
    try (SafetensorsFile file = SafetensorsFile.open(folder.resolve("adapter_model.safetensors"))) {
      assertEquals(2 * modules.size(), file.tensors().size());
      for (LoraAdapters.Module module : modules) {
        String key = "base_model.model.transformer." + module.module();
        float[] a = file.floats(key + ".lora_A.weight");
        float[] b = file.floats(key + ".lora_B.weight");
        String target = module.module().substring(module.module().indexOf('.', 2) + 1);
        double r = config.get("rank_pattern").path(target).asDouble(config.get("r").asDouble());
        double alpha =
            config.get("alpha_pattern").path(target).asDouble(config.get("lora_alpha").asDouble());
        int peftRank = (int) r;
        assertEquals(peftRank * module.in(), a.length);
        float[] ours =
            LoraAdapters.merge(
                new float[module.in() * module.out()], module, rank, model.lora().scaling());
        float max = 0;
        for (int i = 0; i < module.in(); i++) {
          for (int o = 0; o < module.out(); o++) {
            double sum = 0;
            for (int j = 0; j < peftRank; j++) {
              sum += a[j * module.in() + i] * b[o * peftRank + j];
            }
            max = Math.max(max, (float) Math.abs(alpha / r * sum - ours[i * module.out() + o]));
          }
        }
        assertTrue(max < 1e-6, module.module() + " differs by " + max);
      }
    }
  }

  private static void assertLossFalls(OnlineTrainer trainer) {
    StepStats first = trainer.step(BATCH, List.of());
    StepStats last = first;
    for (int i = 0; i < 40; i++) {
      last = trainer.step(BATCH, List.of());
      assertFalse(last.skippedNonFinite());
    }
    assertTrue(
        last.taskLoss() < 0.5 * first.taskLoss(), first.taskLoss() + " → " + last.taskLoss());
  }

  private static float[] values(Gpt2Model model, String name) {
    return model.namedParameters().get(name).getArray().toFloatArray();
  }

  private static TrainerSettings settings(boolean lora) {
    return TrainerSettings.builder()
        .layers(1)
        .heads(1)
        .embedding(8)
        .contextLength(8)
        .lora(lora)
        .loraRank(4)
        .loraAlpha(8.0)
        .loraDropout(0.0)
        .loraTargets(Set.of("q", "v", "out", "mlp"))
        .learningRate(lora ? 1e-2 : 3e-3)
        .weightDecay(0.0)
        .beta2(0.99)
        .warmupSteps(0)
        .totalSteps(1000)
        .device("cpu")
        .build();
  }
}
