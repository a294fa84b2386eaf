package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny GPT-2-shaped checkpoint in the real Hugging Face layout, written by test code:
 * config.json, model.safetensors with GPT-2's names ({@code transformer.} prefix, Conv1D [in, out]
 * weights, the {@code attn.bias} mask buffers GPT-2 checkpoints carry) and a byte-level BPE
 * tokenizer.json. Weights are random (seeded); {@link #values} holds what was written, as float32
 * after rounding to the file's dtype.
 */
final class TinyGpt2 {

  static final int LAYERS = 2;
  static final int HEADS = 4;
  static final int EMBD = 32;
  static final int POSITIONS = 64;
  static final int VOCAB = TinyTokenizerJson.VOCAB;

  /** Model name → values as stored (after dtype rounding). */
  final Map<String, float[]> values = new LinkedHashMap<>();

  /** Model name → shape. */
  final Map<String, long[]> shapes = new LinkedHashMap<>();

  TinyGpt2(long seed) {
    Random random = new Random(seed);
    put("wte.weight", random, 0.2f, VOCAB, EMBD);
    put("wpe.weight", random, 0.05f, POSITIONS, EMBD);
    for (int i = 0; i < LAYERS; i++) {
      String h = "h." + i + ".";
      put(h + "ln_1.weight", random, 1f, 0.1f, EMBD);
      put(h + "ln_1.bias", random, 0.02f, EMBD);
      put(h + "attn.c_attn.weight", random, 0.2f, EMBD, 3 * EMBD);
      put(h + "attn.c_attn.bias", random, 0.02f, 3 * EMBD);
      put(h + "attn.c_proj.weight", random, 0.1f, EMBD, EMBD);
      put(h + "attn.c_proj.bias", random, 0.02f, EMBD);
      put(h + "ln_2.weight", random, 1f, 0.1f, EMBD);
      put(h + "ln_2.bias", random, 0.02f, EMBD);
      put(h + "mlp.c_fc.weight", random, 0.2f, EMBD, 4 * EMBD);
      put(h + "mlp.c_fc.bias", random, 0.02f, 4 * EMBD);
      put(h + "mlp.c_proj.weight", random, 0.1f, 4 * EMBD, EMBD);
      put(h + "mlp.c_proj.bias", random, 0.02f, EMBD);
    }
    put("ln_f.weight", random, 1f, 0.1f, EMBD);
    put("ln_f.bias", random, 0.02f, EMBD);
  }

  static Gpt2Config config() {
    return new Gpt2Config(VOCAB, POSITIONS, EMBD, HEADS, LAYERS, 0.0, 1e-5);
  }

  private void put(String name, Random random, float std, long... shape) {
    put(name, random, 0f, std, shape);
  }

  private void put(String name, Random random, float mean, float std, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = mean + (float) random.nextGaussian() * std;
    }
    values.put(name, v);
    shapes.put(name, shape);
  }

  /** The config.json GPT2Config.save_pretrained writes, for this shape. */
  static ObjectNode configJson() {
    ObjectNode c = new ObjectMapper().createObjectNode();
    c.putArray("architectures").add("GPT2LMHeadModel");
    c.put("model_type", "gpt2");
    c.put("activation_function", "gelu_new");
    c.put("n_layer", LAYERS);
    c.put("n_head", HEADS);
    c.put("n_embd", EMBD);
    c.put("n_positions", POSITIONS);
    c.put("n_ctx", POSITIONS);
    c.putNull("n_inner");
    c.put("vocab_size", VOCAB);
    c.put("layer_norm_epsilon", 1e-5);
    c.put("bos_token_id", VOCAB - 1);
    c.put("eos_token_id", VOCAB - 1);
    c.put("resid_pdrop", 0.1);
    c.put("embd_pdrop", 0.1);
    c.put("attn_pdrop", 0.1);
    c.put("torch_dtype", "float32");
    return c;
  }

  /** Writes the folder; values are rounded to {@code dtype} so {@link #values} is what loads. */
  Path write(Path folder, DType dtype) throws IOException {
    java.nio.file.Files.createDirectories(folder);
    new ObjectMapper().writeValue(folder.resolve("config.json").toFile(), configJson());
    TinyTokenizerJson.write(folder.resolve("tokenizer.json"));
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    for (Map.Entry<String, float[]> entry : values.entrySet()) {
      float[] v = entry.getValue();
      for (int i = 0; i < v.length; i++) {
        v[i] = round(v[i], dtype);
      }
      writer.add("transformer." + entry.getKey(), dtype, shapes.get(entry.getKey()), () -> v);
    }
    for (int i = 0; i < LAYERS; i++) { // GPT-2's causal-mask buffer: present, not a weight
      writer.add(
          "transformer.h." + i + ".attn.bias",
          DType.F32,
          new long[] {1, 1, POSITIONS, POSITIONS},
          () -> new float[POSITIONS * POSITIONS]);
    }
    writer.write(folder.resolve("model.safetensors"));
    return folder;
  }

  static float round(float v, DType dtype) {
    return switch (dtype) {
      case F16 -> DType.halfToFloat(DType.floatToHalf(v));
      case BF16 -> DType.bf16ToFloat(DType.floatToBf16(v));
      default -> v;
    };
  }
}
