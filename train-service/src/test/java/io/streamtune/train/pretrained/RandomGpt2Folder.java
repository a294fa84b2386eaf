package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import io.streamtune.train.training.TrainExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A GPT-2 folder of random weights in the Hugging Face layout (config.json, model.safetensors, and
 * a WordLevel tokenizer.json of words "w0" … with {@code <|endoftext|>} last), so a benchmark can
 * load a model of any size through the real path with nothing downloaded. Weights are seeded: N(0,
 * 0.02) for every tensor but the layer norms' gains, which are 1.
 */
record RandomGpt2Folder(int layers, int heads, int width, int positions, int vocab) {

  /**
   * Named shapes: tiny (the built-in model's size), 86m (issue #18's), gpt2-small, or {@code
   * layers,heads,width} with GPT-2's vocabulary (50257) and 1024 positions.
   */
  static RandomGpt2Folder named(String name) {
    return switch (name) {
      case "tiny" -> new RandomGpt2Folder(2, 4, 128, 256, 260);
      case "86m" -> new RandomGpt2Folder(12, 12, 768, 1024, 96);
      case "gpt2-small" -> new RandomGpt2Folder(12, 12, 768, 1024, 50257);
      default -> {
        String[] parts = name.split(",");
        if (parts.length != 3) {
          throw new IllegalArgumentException(
              "model '" + name + "' must be tiny, 86m, gpt2-small or layers,heads,width");
        }
        yield new RandomGpt2Folder(
            Integer.parseInt(parts[0].trim()),
            Integer.parseInt(parts[1].trim()),
            Integer.parseInt(parts[2].trim()),
            1024,
            50257);
      }
    };
  }

  /** Writes the folder under {@code folder} (created), weights in {@code dtype}, and returns it. */
  Path write(Path folder, DType dtype) throws IOException {
    Files.createDirectories(folder);
    ObjectNode c = TinyGpt2.configJson();
    c.put("n_layer", layers).put("n_head", heads).put("n_embd", width);
    c.put("n_positions", positions).put("n_ctx", positions).put("vocab_size", vocab);
    c.put("bos_token_id", vocab - 1).put("eos_token_id", vocab - 1);
    new ObjectMapper().writeValue(folder.resolve(PretrainedModel.CONFIG).toFile(), c);
    writeTokenizer(folder.resolve(PretrainedModel.TOKENIZER));
    Random random = new Random(1);
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    for (Map.Entry<String, ai.djl.ndarray.types.Shape> entry :
        PretrainedModel.expectedShapes(ConfigJson.parse(c, "random").toModelConfig(0)).entrySet()) {
      boolean norm = entry.getKey().contains("ln_") && entry.getKey().endsWith("weight");
      writer.add(
          "transformer." + entry.getKey(),
          dtype,
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

  /**
   * {@code batch} prompts and completions of random words "w0" … "w{words-1}" (seeded), about
   * {@code tokens} words per row: three quarters prompt, one quarter completion.
   */
  static List<TrainExample> examples(int batch, int tokens, int words) {
    Random random = new Random(3);
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      out.add(
          new TrainExample(
              "b" + i,
              TaskKind.GENERATION,
              words(random, tokens * 3 / 4, words),
              words(random, tokens / 4, words)));
    }
    return out;
  }

  private static String words(Random random, int n, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(" w").append(random.nextInt(words));
    }
    return text.toString();
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
