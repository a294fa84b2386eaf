package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Writes a GPT-2 folder of random weights in the Hugging Face layout (config.json,
 * model.safetensors in F32, and a WordLevel tokenizer.json of words "w0" … with {@code
 * <|endoftext|>} last), so the benchmark can load a model of any size through the real path with
 * nothing downloaded.
 */
public record RandomGpt2Folder(int layers, int heads, int width, int positions, int vocab) {

  /** Named shapes: tiny (the built-in model's size), 86m (issue #18's) and gpt2-small. */
  public static RandomGpt2Folder named(String name) {
    return switch (name) {
      case "tiny" -> new RandomGpt2Folder(2, 4, 128, 256, 260);
      case "86m" -> new RandomGpt2Folder(12, 12, 768, 1024, 96);
      case "gpt2-small" -> new RandomGpt2Folder(12, 12, 768, 1024, 50257);
      default ->
          throw new IllegalArgumentException(
              "model '" + name + "' must be tiny, 86m or gpt2-small");
    };
  }

  /** Writes the folder under {@code folder} (created) and returns it. */
  public Path write(Path folder) throws IOException {
    Files.createDirectories(folder);
    ObjectMapper json = new ObjectMapper();
    ObjectNode c = json.createObjectNode();
    c.putArray("architectures").add("GPT2LMHeadModel");
    c.put("model_type", "gpt2").put("activation_function", "gelu_new");
    c.put("n_layer", layers).put("n_head", heads).put("n_embd", width);
    c.put("n_positions", positions).put("n_ctx", positions).putNull("n_inner");
    c.put("vocab_size", vocab).put("layer_norm_epsilon", 1e-5);
    c.put("bos_token_id", vocab - 1).put("eos_token_id", vocab - 1);
    c.put("torch_dtype", "float32");
    json.writeValue(folder.resolve(PretrainedModel.CONFIG).toFile(), c);
    writeTokenizer(folder.resolve(PretrainedModel.TOKENIZER));
    Random random = new Random(1);
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    for (Map.Entry<String, ai.djl.ndarray.types.Shape> entry :
        PretrainedModel.expectedShapes(ConfigJson.parse(c, "random").toModelConfig(0)).entrySet()) {
      boolean norm = entry.getKey().contains("ln_") && entry.getKey().endsWith("weight");
      writer.add(
          "transformer." + entry.getKey(),
          DType.F32,
          entry.getValue().getShape(),
          () -> {
            float[] v = new float[(int) entry.getValue().size()];
            for (int i = 0; i < v.length; i++) {
              v[i] = norm ? 1f : (float) random.nextGaussian() * 0.02f;
            }
            return v;
          });
    }
    writer.write(folder.resolve(PretrainedModel.WEIGHTS));
    return folder;
  }

  private void writeTokenizer(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", vocab - 1).put("content", "<|endoftext|>").put("single_word", false);
    eot.put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel").put("unk_token", "w0");
    ObjectNode words = model.putObject("vocab");
    for (int i = 0; i < vocab - 1; i++) {
      words.put("w" + i, i);
    }
    words.put("<|endoftext|>", vocab - 1);
    json.writeValue(file.toFile(), root);
  }
}
