package io.streamtune.train.pretrained;

import java.util.regex.Pattern;

/**
 * Hugging Face GPT-2 tensor names ↔ Streamtune's parameter names. Streamtune's {@code Gpt2Model}
 * names its parameters exactly like GPT-2's state dict without the {@code transformer.} prefix
 * ({@code wte.weight}, {@code h.3.attn.c_attn.weight}, …) and stores Conv1D weights in GPT-2's own
 * [in, out] layout, so a name maps by dropping the prefix and no weight is transposed.
 */
public final class Gpt2Names {

  /** The prefix {@code GPT2LMHeadModel.save_pretrained} puts before the base model's tensors. */
  public static final String PREFIX = "transformer.";

  /** The LM head; GPT-2 ties it to {@code wte.weight}. */
  public static final String LM_HEAD = "lm_head.weight";

  /** Non-parameter buffers some GPT-2 checkpoints carry: the causal mask and its fill value. */
  private static final Pattern BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");

  private Gpt2Names() {}

  /** The Streamtune name of checkpoint tensor {@code name} ({@code transformer.} dropped). */
  public static String toModel(String name) {
    return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
  }

  /** The name {@code save_pretrained} gives a Streamtune parameter. */
  public static String toCheckpoint(String modelName) {
    return PREFIX + modelName;
  }

  /** True for the attention-mask buffers, which are not weights and are skipped on load. */
  public static boolean isBuffer(String modelName) {
    return BUFFER.matcher(modelName).matches();
  }
}
