package io.streamtune.train.pretrained;

import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a Streamtune model back in the Hugging Face layout, into a new folder (written beside it
 * under a temporary name, then renamed, so a crash never leaves half a model):
 *
 * <ul>
 *   <li>{@link #merged}: {@code config.json}, {@code model.safetensors} with GPT-2's names ({@code
 *       transformer.} prefix, Conv1D [in, out] layout, no {@code lm_head} since it is tied, {@code
 *       __metadata__ format=pt}) and LoRA folded into the base weights, plus a copy of {@code
 *       tokenizer.json}. Loads with {@code GPT2LMHeadModel.from_pretrained(folder)} and with {@link
 *       PretrainedModel#open}.
 *   <li>{@link #adapter}: PEFT's {@code adapter_config.json} + {@code adapter_model.safetensors}
 *       (F32) and a copy of {@code tokenizer.json}; the base stays the source folder.
 * </ul>
 */
public final class ModelExport {

  private ModelExport() {}

  /**
   * Writes {@code model} with adapters merged as a plain GPT-2.
   *
   * @param source the folder the model was loaded from (its config.json is kept, torch_dtype set to
   *     {@code dtype}; its tokenizer.json is copied), or null for a model trained from scratch (a
   *     GPT-2 config.json is generated; the byte-level tokenizer has no tokenizer.json)
   * @param dtype F32 (lossless, the default to use) or F16 / BF16 (rounded to nearest even)
   */
  public static void merged(Gpt2Model model, PretrainedModel source, Path target, DType dtype)
      throws IOException {
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    Map<String, LoraAdapters.Module> adapted = new HashMap<>();
    for (LoraAdapters.Module module : LoraAdapters.of(model)) {
      adapted.put(module.module() + ".weight", module);
    }
    for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
      String name = entry.getKey();
      if (Gpt2Model.isAdapter(name)) {
        continue;
      }
      Parameter parameter = entry.getValue();
      LoraAdapters.Module module = adapted.get(name);
      writer.add(
          Gpt2Names.toCheckpoint(name),
          dtype,
          model.shapes().get(name).getShape(),
          () -> {
            float[] values = parameter.getArray().toFloatArray();
            return module == null
                ? values
                : LoraAdapters.merge(values, module, model.lora().rank(), model.lora().scaling());
          });
    }
    ObjectNode config =
        source == null ? generatedConfig(model.config()) : source.config().raw().deepCopy();
    config.put("torch_dtype", torchDtype(dtype));
    writeAtomically(
        target,
        tmp -> {
          JsonFiles.write(config, tmp.resolve(PretrainedModel.CONFIG));
          writer.write(tmp.resolve(PretrainedModel.WEIGHTS));
          copyTokenizer(source, tmp);
        });
  }

  /** Writes {@code model}'s LoRA adapters in PEFT's format; the base is {@code source}'s folder. */
  public static void adapter(Gpt2Model model, PretrainedModel source, Path target)
      throws IOException {
    if (model.lora() == null) {
      throw new IllegalArgumentException(
          "the model has no LoRA adapters; export it merged instead");
    }
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    PeftAdapter.addTensors(writer, model);
    String base = source == null ? null : source.folder().toAbsolutePath().toString();
    ObjectNode config = PeftAdapter.config(model, base);
    writeAtomically(
        target,
        tmp -> {
          JsonFiles.write(config, tmp.resolve(PeftAdapter.CONFIG));
          writer.write(tmp.resolve(PeftAdapter.WEIGHTS));
          copyTokenizer(source, tmp);
        });
  }

  /** A GPT-2 config.json for a model trained from scratch. */
  static ObjectNode generatedConfig(Gpt2Config c) {
    ObjectNode json = JsonFiles.MAPPER.createObjectNode();
    json.putArray("architectures").add("GPT2LMHeadModel");
    json.put("model_type", "gpt2");
    json.put("vocab_size", c.vocabSize());
    json.put("n_positions", c.contextLength());
    json.put("n_ctx", c.contextLength());
    json.put("n_embd", c.embedding());
    json.put("n_head", c.heads());
    json.put("n_layer", c.layers());
    json.putNull("n_inner");
    json.put("activation_function", "gelu_new");
    json.put("layer_norm_epsilon", c.layerNormEpsilon());
    json.put("resid_pdrop", c.dropout());
    json.put("embd_pdrop", c.dropout());
    json.put("attn_pdrop", c.dropout());
    json.put("tie_word_embeddings", true);
    return json;
  }

  private static String torchDtype(DType dtype) {
    return switch (dtype) {
      case F32 -> "float32";
      case F16 -> "float16";
      case BF16 -> "bfloat16";
      default -> throw new IllegalArgumentException("export writes F32, F16 or BF16, not " + dtype);
    };
  }

  private static void copyTokenizer(PretrainedModel source, Path folder) throws IOException {
    if (source != null) {
      Files.copy(source.tokenizerFile(), folder.resolve(PretrainedModel.TOKENIZER));
    }
  }

  private interface FolderWriter {
    void write(Path folder) throws IOException;
  }

  private static void writeAtomically(Path target, FolderWriter contents) throws IOException {
    if (Files.exists(target)) {
      throw new IOException("export target " + target + " already exists; choose a new folder");
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
    try {
      contents.write(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the folder has a temporary name and is never read
    }
  }
}
