package io.streamtune.train.pretrained;

import ai.djl.nn.Parameter;
import io.streamtune.train.model.Gpt2Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LoRA adapters of a {@link Gpt2Model}, grouped by the Conv1D they adapt. Streamtune gives the
 * fused {@code attn.c_attn} one adapter per output third (q, k, v: {@code lora_q_A}, …) and a
 * single-output projection one pair ({@code lora_A} [in, r], {@code lora_B} [r, out]); the update
 * of slice s is {@code scaling · A_s · B_s} added to columns {@code s·width … (s+1)·width} of the
 * [in, out] weight.
 */
final class LoraAdapters {

  /** One adapted slice: its index among the module's equal output slices and its A, B arrays. */
  record Slice(int index, float[] a, float[] b) {}

  /**
   * One adapted Conv1D.
   *
   * @param module model name of the Conv1D, e.g. {@code h.0.attn.c_attn}
   * @param in input width
   * @param out full output width
   * @param slices how many equal output slices the module has (3 for c_attn, else 1)
   * @param adapted the slices that carry adapters, by index
   */
  record Module(String module, int in, int out, int slices, List<Slice> adapted) {
    int width() {
      return out / slices;
    }
  }

  private LoraAdapters() {}

  /** Every adapted module of {@code model}, with the adapter values read out. */
  static List<Module> of(Gpt2Model model) {
    int rank = model.lora() == null ? 0 : model.lora().rank();
    Map<String, List<Slice>> slices = new TreeMap<>();
    Map<String, Parameter> params = model.namedParameters();
    for (String name : params.keySet()) {
      if (!Gpt2Model.isAdapter(name) || !name.endsWith("_A")) {
        continue;
      }
      int at = name.indexOf(".lora_");
      String module = name.substring(0, at);
      String suffix = name.substring(at + ".lora_".length()); // "A", "q_A", "k_A", "v_A"
      String tag = suffix.length() > 1 ? suffix.substring(0, suffix.length() - 2) : "";
      int index = tag.isEmpty() ? 0 : "qkv".indexOf(tag);
      if (index < 0 || (!tag.isEmpty() && tag.length() != 1)) {
        throw new IllegalStateException("unknown adapter name " + name);
      }
      String bName = name.substring(0, name.length() - 1) + "B";
      float[] a = params.get(name).getArray().toFloatArray();
      float[] b = params.get(bName).getArray().toFloatArray();
      slices.computeIfAbsent(module, m -> new ArrayList<>()).add(new Slice(index, a, b));
    }
    List<Module> modules = new ArrayList<>();
    for (Map.Entry<String, List<Slice>> entry : slices.entrySet()) {
      long[] shape = model.shapes().get(entry.getKey() + ".weight").getShape();
      int count = entry.getKey().endsWith("attn.c_attn") ? 3 : 1;
      List<Slice> adapted = new ArrayList<>(entry.getValue());
      adapted.sort((x, y) -> Integer.compare(x.index(), y.index()));
      if (rank == 0) {
        throw new IllegalStateException("model has adapters but no LoRA config");
      }
      modules.add(new Module(entry.getKey(), (int) shape[0], (int) shape[1], count, adapted));
    }
    return modules;
  }

  /** {@code weight} [in, out] plus {@code scaling · A_s B_s} on each adapted slice, in place. */
  static float[] merge(float[] weight, Module module, int rank, float scaling) {
    int in = module.in();
    int out = module.out();
    int width = module.width();
    float[] row = new float[width];
    for (Slice slice : module.adapted()) {
      int offset = slice.index() * width;
      for (int i = 0; i < in; i++) {
        java.util.Arrays.fill(row, 0f);
        for (int k = 0; k < rank; k++) {
          float a = slice.a()[i * rank + k];
          if (a == 0f) {
            continue;
          }
          int bRow = k * width;
          for (int j = 0; j < width; j++) {
            row[j] += a * slice.b()[bRow + j];
          }
        }
        int base = i * out + offset;
        for (int j = 0; j < width; j++) {
          weight[base + j] += scaling * row[j];
        }
      }
    }
    return weight;
  }
}
