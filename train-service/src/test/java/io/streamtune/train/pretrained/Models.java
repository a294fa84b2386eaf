package io.streamtune.train.pretrained;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.LoraConfig;
import java.nio.file.Path;
import java.util.Arrays;

/** Test helpers: a PyTorch manager, a model loaded from a folder, logits, greedy decoding. */
final class Models {

  private Models() {}

  static NDManager manager() {
    return Engine.getEngine("PyTorch").newBaseManager();
  }

  /**
   * A model of the folder's shape, seeded (adapters included), then base weights from the folder.
   */
  static Gpt2Model load(Path folder, LoraConfig lora, NDManager manager) {
    PretrainedModel pretrained = PretrainedModel.open(folder);
    Gpt2Model model = new Gpt2Model(pretrained.modelConfig(0), lora);
    model.initialize(manager, 1);
    pretrained.loadInto(model, manager);
    return model;
  }

  /** Logits [T, V] of one sequence, flattened. */
  static float[] logits(Gpt2Model model, NDManager manager, int[] ids) {
    try (NDManager step = manager.newSubManager()) {
      long[] input = Arrays.stream(ids).asLongStream().toArray();
      NDArray out =
          model.forward(
              new ForwardContext(step, false), step.create(input, new Shape(1, ids.length)));
      return out.toFloatArray();
    }
  }

  /** Greedy continuation of {@code ids} by {@code n} tokens. */
  static int[] greedy(Gpt2Model model, NDManager manager, int[] ids, int n) {
    int vocab = model.config().vocabSize();
    int[] seq = Arrays.copyOf(ids, ids.length + n);
    for (int t = ids.length; t < seq.length; t++) {
      float[] logits = logits(model, manager, Arrays.copyOf(seq, t));
      int best = 0;
      for (int v = 1; v < vocab; v++) {
        if (logits[(t - 1) * vocab + v] > logits[(t - 1) * vocab + best]) {
          best = v;
        }
      }
      seq[t] = best;
    }
    return Arrays.copyOfRange(seq, ids.length, seq.length);
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
