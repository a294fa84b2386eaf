package io.streamtune.train.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsException;
import io.streamtune.train.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PretrainedLoadTest {

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

  @ParameterizedTest
  @EnumSource(names = {"F32", "F16", "BF16"})
  void loadsEveryTensorUnderItsGpt2Name(DType dtype) throws IOException {
    TinyGpt2 tiny = new TinyGpt2(7);
    Path folder = tiny.write(dir.resolve("m"), dtype);
    Gpt2Model model = Models.load(folder, null, manager);
    assertEquals(tiny.values.keySet(), model.namedParameters().keySet());
    for (Map.Entry<String, float[]> entry : tiny.values.entrySet()) {
      assertArrayEquals(
          entry.getValue(),
          model.namedParameters().get(entry.getKey()).getArray().toFloatArray(),
          entry.getKey());
    }
  }

  @Test
  void tokenizerFromTheFolderRoundTripsUtf8AndTheModelGenerates() throws IOException {
    Path folder = new TinyGpt2(3).write(dir.resolve("m"), DType.F32);
    PretrainedModel pretrained = PretrainedModel.open(folder);
    assertTrue(
        pretrained.describe().contains("2 layers, 4 heads, n_embd 32"), pretrained.describe());
    assertEquals("m", pretrained.name(), "a run of it is named for its folder");
    assertEquals(
        "gpt2-small-v1.5",
        PretrainedModel.open(Files.move(folder, dir.resolve("gpt2 small:v1.5"))).name());
    folder = Files.move(dir.resolve("gpt2 small:v1.5"), folder);
    Gpt2Model model = Models.load(folder, null, manager);
    try (Tokenizer tokenizer = pretrained.tokenizer()) {
      assertEquals(TinyGpt2.VOCAB, tokenizer.vocabSize());
      assertEquals(TinyGpt2.VOCAB - 1, tokenizer.eos());
      String text = "the weather in Zürich: 21°C ☀ — then 🙂";
      int[] ids = tokenizer.encode(text);
      assertEquals(text, tokenizer.decode(ids));
      assertTrue(
          ids.length < text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
          "merges apply");
      int[] continuation = Models.greedy(model, manager, ids, 6);
      assertEquals(6, continuation.length);
      for (int id : continuation) {
        assertTrue(id >= 0 && id < TinyGpt2.VOCAB);
      }
      assertArrayEquals(continuation, Models.greedy(model, manager, ids, 6), "deterministic");
      float[] logits = Models.logits(model, manager, ids);
      for (float v : logits) {
        assertTrue(Float.isFinite(v));
      }
    }
  }

  @Test
  void missingTensorNamesItAndItsShape() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(1);
    tiny.values.remove("h.1.mlp.c_fc.bias");
    String message = openFails(tiny.write(dir.resolve("m"), DType.F32));
    assertTrue(
        message.contains("missing tensor 'h.1.mlp.c_fc.bias': expected shape [128]"), message);
  }

  @Test
  void wrongShapeNamesExpectedAndFound() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(1);
    tiny.shapes.put("h.0.attn.c_attn.weight", new long[] {96, 32}); // nn.Linear layout
    tiny.shapes.put("wpe.weight", new long[] {32, 32}); // fewer positions than config.json says
    tiny.values.put("wpe.weight", new float[32 * 32]);
    String message = openFails(tiny.write(dir.resolve("m"), DType.F32));
    assertTrue(
        message.contains(
            "tensor 'transformer.h.0.attn.c_attn.weight': expected shape [32, 96], found [96, 32]"
                + " (transposed"),
        message);
    assertTrue(
        message.contains("'transformer.wpe.weight': expected shape [64, 32], found [32, 32]"),
        message);
    assertTrue(message.contains("2 problems"), message);
  }

  @Test
  void unexpectedTensorAndLayerCountMismatchFail() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(1);
    tiny.values.put("h.0.attn.q_proj.weight", new float[32 * 32]);
    tiny.shapes.put("h.0.attn.q_proj.weight", new long[] {32, 32});
    String message = openFails(tiny.write(dir.resolve("m"), DType.F32));
    assertTrue(
        message.contains("unexpected tensor 'transformer.h.0.attn.q_proj.weight' [32, 32]"),
        message);

    Path folder = new TinyGpt2(1).write(dir.resolve("n"), DType.F32);
    new ObjectMapper()
        .writeValue(
            folder.resolve("config.json").toFile(), TinyGpt2.configJson().put("n_layer", 3));
    message = openFails(folder);
    assertTrue(message.contains("missing tensor 'h.2.ln_1.weight': expected shape [32]"), message);
  }

  @Test
  void truncatedWeightsFailBeforeAnythingLoads() throws IOException {
    Path folder = new TinyGpt2(1).write(dir.resolve("m"), DType.BF16);
    Path weights = folder.resolve("model.safetensors");
    try (FileChannel channel = FileChannel.open(weights, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(weights) / 2);
    }
    String message = openFails(folder);
    assertTrue(message.contains("truncated") && message.contains("model.safetensors"), message);
  }

  @Test
  void aTiedLmHeadLoadsAndAnUntiedOneFails() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(5);
    tiny.values.put("LM", tiny.values.get("wte.weight").clone()); // placeholder, renamed below
    tiny.shapes.put("LM", tiny.shapes.get("wte.weight"));
    Path folder = writeWithLmHead(tiny, dir.resolve("tied"));
    Gpt2Model model = Models.load(folder, null, manager);
    assertArrayEquals(
        tiny.values.get("wte.weight"),
        model.namedParameters().get("wte.weight").getArray().toFloatArray());

    tiny.values.get("LM")[0] += 1f;
    Path untied = writeWithLmHead(tiny, dir.resolve("untied"));
    PretrainedModel pretrained = PretrainedModel.open(untied);
    Gpt2Model other = new Gpt2Model(pretrained.modelConfig(0), null);
    SafetensorsException e =
        assertThrows(SafetensorsException.class, () -> pretrained.loadInto(other, manager));
    assertTrue(e.getMessage().contains("lm_head.weight differs from wte.weight"), e.getMessage());
  }

  @Test
  void shardedCheckpointLoadsThroughItsIndex() throws IOException {
    TinyGpt2 tiny = new TinyGpt2(9);
    Path folder = tiny.write(dir.resolve("m"), DType.F32);
    Files.delete(folder.resolve("model.safetensors"));
    SafetensorsWriter first = new SafetensorsWriter().metadata("format", "pt");
    SafetensorsWriter second = new SafetensorsWriter().metadata("format", "pt");
    var index = new ObjectMapper().createObjectNode();
    var map = index.putObject("weight_map");
    for (Map.Entry<String, float[]> entry : tiny.values.entrySet()) {
      boolean early = entry.getKey().startsWith("w") || entry.getKey().startsWith("h.0.");
      (early ? first : second)
          .add(
              "transformer." + entry.getKey(),
              DType.F32,
              tiny.shapes.get(entry.getKey()),
              entry::getValue);
      map.put(
          "transformer." + entry.getKey(),
          early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
    }
    first.write(folder.resolve("model-00001-of-00002.safetensors"));
    second.write(folder.resolve("model-00002-of-00002.safetensors"));
    new ObjectMapper().writeValue(folder.resolve("model.safetensors.index.json").toFile(), index);
    Gpt2Model model = Models.load(folder, null, manager);
    assertArrayEquals(
        tiny.values.get("ln_f.bias"),
        model.namedParameters().get("ln_f.bias").getArray().toFloatArray());
    assertNotEquals(0, PretrainedModel.open(folder).weightFiles().size() - 1);
  }

  @Test
  void folderWithoutSafetensorsSaysHowToConvert() throws IOException {
    Path folder = new TinyGpt2(1).write(dir.resolve("m"), DType.F32);
    Files.move(folder.resolve("model.safetensors"), folder.resolve("pytorch_model.bin"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PretrainedModel.open(folder));
    assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
  }

  private static Path writeWithLmHead(TinyGpt2 tiny, Path folder) throws IOException {
    tiny.write(folder, DType.F32);
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    for (Map.Entry<String, float[]> entry : tiny.values.entrySet()) {
      String name =
          entry.getKey().equals("LM") ? "lm_head.weight" : "transformer." + entry.getKey();
      writer.add(name, DType.F32, tiny.shapes.get(entry.getKey()), entry::getValue);
    }
    writer.write(folder.resolve("model.safetensors"));
    return folder;
  }

  private static String openFails(Path folder) {
    return assertThrows(IllegalArgumentException.class, () -> PretrainedModel.open(folder))
        .getMessage();
  }
}
