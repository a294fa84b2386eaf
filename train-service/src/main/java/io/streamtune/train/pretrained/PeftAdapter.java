package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.LoraConfig;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import java.util.Set;
import java.util.TreeSet;

/**
 * Streamtune's LoRA adapters in PEFT's on-disk format ({@code adapter_config.json} + {@code
 * adapter_model.safetensors}), which {@code PeftModel.from_pretrained(base, folder)} loads onto the
 * base GPT-2. PEFT keeps one adapter per module in nn.Linear layout: {@code lora_A.weight} [r', in]
 * and {@code lora_B.weight} [out, r'], update {@code (alpha'/r') · x·Aᵀ·Bᵀ}. Streamtune's separate
 * q/k/v adapters of the fused {@code c_attn} become one PEFT adapter of rank r' = k·r (k adapted
 * thirds) whose B is block-diagonal; {@code rank_pattern}/{@code alpha_pattern} keep alpha'/r' =
 * alpha/r, so the update is exactly the same.
 */
final class PeftAdapter {

  static final String CONFIG = "adapter_config.json";
  static final String WEIGHTS = "adapter_model.safetensors";
  static final String KEY_PREFIX = "base_model.model." + Gpt2Names.PREFIX;

  private PeftAdapter() {}

  /** Adds every adapter to {@code writer} under PEFT's names, F32. */
  static void addTensors(SafetensorsWriter writer, Gpt2Model model) {
    int rank = model.lora().rank();
    for (LoraAdapters.Module module : LoraAdapters.of(model)) {
      int k = module.adapted().size();
      int in = module.in();
      int out = module.out();
      int width = module.width();
      writer.add(
          KEY_PREFIX + module.module() + ".lora_A.weight",
          DType.F32,
          new long[] {(long) k * rank, in},
          () -> {
            float[] a = new float[k * rank * in];
            for (int p = 0; p < k; p++) {
              float[] src = module.adapted().get(p).a(); // [in, rank]
              for (int r = 0; r < rank; r++) {
                for (int i = 0; i < in; i++) {
                  a[(p * rank + r) * in + i] = src[i * rank + r];
                }
              }
            }
            return a;
          });
      writer.add(
          KEY_PREFIX + module.module() + ".lora_B.weight",
          DType.F32,
          new long[] {out, (long) k * rank},
          () -> {
            float[] b = new float[out * k * rank];
            for (int p = 0; p < k; p++) {
              LoraAdapters.Slice slice = module.adapted().get(p);
              for (int j = 0; j < width; j++) {
                int row = slice.index() * width + j;
                for (int r = 0; r < rank; r++) {
                  b[row * k * rank + p * rank + r] = slice.b()[r * width + j];
                }
              }
            }
            return b;
          });
    }
  }

  /** The adapter_config.json PEFT expects for {@code model}'s adapters. */
  static ObjectNode config(Gpt2Model model, String baseModel) {
    LoraConfig lora = model.lora();
    ObjectNode json = JsonFiles.MAPPER.createObjectNode();
    json.put("peft_type", "LORA");
    json.put("task_type", "CAUSAL_LM");
    json.put("base_model_name_or_path", baseModel);
    json.put("r", lora.rank());
    json.put("lora_alpha", lora.alpha());
    json.put("lora_dropout", lora.dropout());
    json.put("fan_in_fan_out", true); // GPT-2's Conv1D stores weights [in, out]
    json.put("bias", "none");
    json.put("use_rslora", false);
    json.put("use_dora", false);
    json.put("inference_mode", true);
    json.putNull("modules_to_save");
    ObjectNode ranks = json.putObject("rank_pattern");
    ObjectNode alphas = json.putObject("alpha_pattern");
    Set<String> targets = new TreeSet<>();
    for (LoraAdapters.Module module : LoraAdapters.of(model)) {
      String target = module.module().substring(module.module().indexOf('.', 2) + 1); // drop "h.N."
      targets.add(target);
      int k = module.adapted().size();
      if (k != 1) {
        ranks.put(target, k * lora.rank());
        alphas.put(target, k * lora.alpha());
      }
    }
    targets.forEach(json.putArray("target_modules")::add);
    return json;
  }
}
