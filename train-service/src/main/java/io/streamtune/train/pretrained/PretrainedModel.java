package io.streamtune.train.pretrained;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.HfTokenizer;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.safetensors.SafetensorsFile;
import io.streamtune.train.training.BaseIdentity;
import io.streamtune.train.training.BaseWeights;
import io.streamtune.train.training.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A GPT-2-family model folder in the Hugging Face layout: {@code config.json}, {@code
 * model.safetensors} (or shards listed in {@code model.safetensors.index.json}) and {@code
 * tokenizer.json}. {@link #open} checks everything but the weight values (config fields, every
 * safetensors header, every tensor name and shape), so a wrong folder fails at start-up, before a
 * model is built.
 */
public final class PretrainedModel {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
  public static final String TOKENIZER = "tokenizer.json";

  private final Path folder;
  private final ConfigJson config;
  private final List<Path> weightFiles;
  private String weightsSha256;

  private PretrainedModel(Path folder, ConfigJson config, List<Path> weightFiles) {
    this.folder = folder;
    this.config = config;
    this.weightFiles = weightFiles;
  }

  /** Opens and validates {@code folder}; the message of any failure says what to fix. */
  public static PretrainedModel open(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "model folder " + folder + " does not exist or is not a folder");
    }
    Path configFile = folder.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException(
          folder + " has no " + CONFIG + " (a Hugging Face model folder needs one)");
    }
    if (!Files.isRegularFile(folder.resolve(TOKENIZER))) {
      throw new IllegalArgumentException(
          folder
              + " has no "
              + TOKENIZER
              + "; write one with Python: AutoTokenizer.from_pretrained(name).save_pretrained(folder)"
              + " (the fast tokenizer saves tokenizer.json)");
    }
    PretrainedModel model =
        new PretrainedModel(folder, ConfigJson.read(configFile), weightFiles(folder));
    try (CheckpointWeights ignored = model.openWeights(expectedShapes(model.modelConfig(0)))) {
      return model; // headers, names and shapes all check out
    }
  }

  private static List<Path> weightFiles(Path folder) {
    if (Files.isRegularFile(folder.resolve(WEIGHTS))) {
      return List.of(folder.resolve(WEIGHTS));
    }
    Path index = folder.resolve(WEIGHTS_INDEX);
    if (Files.isRegularFile(index)) {
      try {
        JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        TreeSet<String> shards = new TreeSet<>();
        map.elements().forEachRemaining(file -> shards.add(file.asText()));
        if (shards.isEmpty()) {
          throw new IllegalArgumentException(index + " has an empty weight_map");
        }
        List<Path> files = new ArrayList<>();
        for (String shard : shards) {
          Path file = folder.resolve(shard).normalize();
          if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                index + " lists shard '" + shard + "', which is not in " + folder);
          }
          files.add(file);
        }
        return files;
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + index + ": " + e.getMessage(), e);
      }
    }
    String hint =
        Files.exists(folder.resolve("pytorch_model.bin"))
            ? " It has pytorch_model.bin: re-save it with"
                + " model.save_pretrained(folder, safe_serialization=True)."
            : "";
    throw new IllegalArgumentException(
        folder + " has no " + WEIGHTS + " or " + WEIGHTS_INDEX + "." + hint);
  }

  /** The base parameters (no adapters) a model of {@code config} has, by name, with shapes. */
  static Map<String, Shape> expectedShapes(Gpt2Config config) {
    Map<String, Shape> shapes = new LinkedHashMap<>(new Gpt2Model(config, null).shapes());
    shapes.keySet().removeIf(Gpt2Model::isAdapter);
    return shapes;
  }

  private CheckpointWeights openWeights(Map<String, Shape> expected) {
    List<SafetensorsFile> files = new ArrayList<>();
    try {
      for (Path path : weightFiles) {
        files.add(SafetensorsFile.open(path));
      }
      return CheckpointWeights.match(files, expected);
    } catch (RuntimeException e) {
      files.forEach(SafetensorsFile::close);
      throw e;
    }
  }

  public Path folder() {
    return folder;
  }

  public ConfigJson config() {
    return config;
  }

  public List<Path> weightFiles() {
    return weightFiles;
  }

  public Path tokenizerFile() {
    return folder.resolve(TOKENIZER);
  }

  /** The architecture from config.json, with the fine-tuning dropout chosen by the caller. */
  public Gpt2Config modelConfig(double dropout) {
    return config.toModelConfig(dropout);
  }

  /**
   * Sets every base parameter of {@code model} (built from {@link #modelConfig}, with or without
   * LoRA adapters) from the checkpoint, converting F16/BF16/F64 to float32 on the way. Adapters
   * keep whatever the caller initialised them to.
   */
  public void loadInto(Gpt2Model model, NDManager manager) {
    Map<String, Shape> expected = new LinkedHashMap<>(model.shapes());
    expected.keySet().removeIf(Gpt2Model::isAdapter);
    try (CheckpointWeights weights = openWeights(expected)) {
      weights.loadInto(model, manager);
    }
  }

  /**
   * The base weights as the trainer takes them: {@link #loadInto} fills them, and their identity
   * (this folder and the SHA-256 of its weight files, hashed once) lets a LoRA checkpoint leave the
   * frozen base out and be resumed only onto the same base.
   */
  public BaseWeights baseWeights() {
    return new BaseWeights() {
      @Override
      public void fill(Gpt2Model model, NDManager manager) {
        loadInto(model, manager);
      }

      @Override
      public BaseIdentity identity() {
        return new BaseIdentity(folder.toAbsolutePath().normalize().toString(), weightsSha256());
      }
    };
  }

  /** The SHA-256 of the weight files' bytes, in order (computed once, streamed). */
  public synchronized String weightsSha256() {
    if (weightsSha256 == null) {
      weightsSha256 = Hashes.sha256(weightFiles);
    }
    return weightsSha256;
  }

  /**
   * The name a run of this model goes by when {@code train.model.name} is left at its default: the
   * folder's name, with characters other than letters, digits, '.', '_' and '-' replaced by '-'
   * (the name is a checkpoint folder and a Kafka key).
   */
  public String name() {
    Path leaf = folder.toAbsolutePath().normalize().getFileName();
    String name = leaf == null ? "" : leaf.toString().replaceAll("[^A-Za-z0-9._-]", "-");
    return name.isEmpty() || name.startsWith(".") ? "pretrained" + name : name;
  }

  /** The folder's tokenizer.json, checked to fit the model's vocabulary. Caller closes it. */
  public Tokenizer tokenizer() {
    HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile());
    if (tokenizer.vocabSize() > config.vocabSize()) {
      tokenizer.close();
      throw new IllegalArgumentException(
          tokenizerFile()
              + " has "
              + tokenizer.vocabSize()
              + " ids but config.json vocab_size is "
              + config.vocabSize()
              + ": the tokenizer does not belong to this model");
    }
    return tokenizer;
  }

  /** One line for logs and status. */
  public String describe() {
    return String.format(
        "GPT-2 %s: %d layers, %d heads, n_embd %d, context %d, vocab %d, %,d parameters (%s)",
        folder,
        config.layers(),
        config.heads(),
        config.embedding(),
        config.positions(),
        config.vocabSize(),
        config.parameterCount(),
        config.dtype() == null ? "dtype unstated" : config.dtype());
  }
}
