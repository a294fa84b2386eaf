package io.streamtune.train.training;

import ai.djl.ndarray.NDManager;
import io.streamtune.train.model.Gpt2Model;

/**
 * Fills the base (non-adapter) parameters of a freshly initialized model, e.g. from a pretrained
 * checkpoint. The model's parameters already hold arrays (the seeded init): overwrite their values
 * in place ({@code parameter.getArray().set(buffer)}). Adapters keep their seeded init.
 */
@FunctionalInterface
public interface BaseWeights {
  void fill(Gpt2Model model, NDManager manager);

  /**
   * Where these weights come from and their fingerprint, or null when they cannot be named (then a
   * LoRA checkpoint stores the frozen base with the adapters). Called at most once per trainer.
   */
  default BaseIdentity identity() {
    return null;
  }
}
