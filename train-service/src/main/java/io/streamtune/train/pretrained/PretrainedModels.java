package io.streamtune.train.pretrained;

import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TrainerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * What the service calls when {@code train.model.path} names a Hugging Face GPT-2 folder:
 *
 * <pre>{@code
 * PretrainedModel folder = PretrainedModels.open(Path.of(path));      // at start-up: fails fast
 * OnlineTrainer trainer = PretrainedModels.trainer(folder, settings); // instead of create(settings)
 * // ... optionally trainer.state().load(checkpoint) to resume, then train as usual ...
 * PretrainedModels.exportMerged(trainer, folder, target, DType.F32);  // any thread
 * PretrainedModels.exportAdapter(trainer, folder, target);            // LoRA runs only
 * }</pre>
 *
 * <p>The folder decides the architecture and the tokenizer: {@code settings}' layers, heads,
 * embedding, contextLength and tokenizerPath are replaced by config.json's n_layer, n_head, n_embd,
 * n_positions (capped by the configured contextLength) and the folder's tokenizer.json. Everything
 * else (LoRA or full fine-tuning, optimizer, schedule, λ, seed, device, dropout) comes from {@code
 * settings} unchanged.
 */
public final class PretrainedModels {

  private PretrainedModels() {}

  /** Reads and validates a model folder (config fields, safetensors headers, names, shapes). */
  public static PretrainedModel open(Path folder) {
    return PretrainedModel.open(folder);
  }

  /**
   * {@code settings} with the architecture and tokenizer of {@code model}; the context length is
   * the smaller of the configured one and n_positions.
   */
  public static TrainerSettings settingsFor(PretrainedModel model, TrainerSettings s) {
    ConfigJson c = model.config();
    return s.toBuilder()
        .layers(c.layers())
        .heads(c.heads())
        .embedding(c.embedding())
        .contextLength(Math.min(s.contextLength(), c.positions()))
        .tokenizerPath(model.tokenizerFile().toString())
        .tokenizer("byte")
        .build();
  }

  /**
   * A trainer whose architecture (vocab, positions, widths, epsilon) comes from config.json, whose
   * tokenizer is the folder's tokenizer.json, and whose base weights are the checkpoint's
   * (adapters, under LoRA, keep their seeded init). Training sequences are cut to {@code
   * min(settings.contextLength, n_positions)} tokens, so a small configured context bounds memory.
   * The trainer owns the tokenizer.
   */
  public static OnlineTrainer trainer(PretrainedModel model, TrainerSettings settings) {
    Tokenizer tokenizer = model.tokenizer();
    return OnlineTrainer.create(
        settingsFor(model, settings),
        model.modelConfig(settings.dropout()),
        tokenizer,
        model.baseWeights());
  }

  /** Opens {@code folder} and builds the trainer from it. */
  public static OnlineTrainer trainer(Path folder, TrainerSettings settings) {
    return trainer(open(folder), settings);
  }

  /**
   * Writes the trainer's model as a plain GPT-2 folder, LoRA merged into the base (see {@link
   * ModelExport#merged}). Any thread: it reads the live weights under the trainer's weights lock,
   * so a step's update waits until the export is written.
   */
  public static void exportMerged(
      OnlineTrainer trainer, PretrainedModel source, Path target, DType dtype) throws IOException {
    underLock(trainer, model -> ModelExport.merged(model, source, target, dtype));
  }

  /** Writes the trainer's LoRA adapters in PEFT's format (see {@link ModelExport#adapter}). */
  public static void exportAdapter(OnlineTrainer trainer, PretrainedModel source, Path target)
      throws IOException {
    underLock(trainer, model -> ModelExport.adapter(model, source, target));
  }

  private interface Export {
    void write(Gpt2Model model) throws IOException;
  }

  private static void underLock(OnlineTrainer trainer, Export export) throws IOException {
    try {
      trainer.withModel(
          model -> {
            try {
              export.write(model);
              return null;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
