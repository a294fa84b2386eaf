package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's {@code Conv1D}: {@code y = x · weight + bias} with {@code weight} stored as [in, out],
 * exactly as in a Hugging Face GPT-2 checkpoint (the transpose of {@code nn.Linear}'s [out, in]).
 * GPT-2 tensors therefore load by name with no transpose; an exporter to nn.Linear layouts must
 * transpose.
 *
 * <p>Optional LoRA adapters act on equal slices of the output ({@code c_attn} has three: q, k, v).
 * Slice {@code s} with an adapter adds {@code scaling · dropout(x) · lora_<s>_A · lora_<s>_B}; a
 * single-slice projection names them {@code lora_A} and {@code lora_B}.
 */
public final class Conv1D extends NamedBlock {

  private final Parameter weight;
  private final Parameter bias;
  private final int in;
  private final int sliceWidth;
  private final List<Parameter[]> adapters = new ArrayList<>();
  private float loraScaling;
  private float loraDropout;

  public Conv1D(int in, int out) {
    this.in = in;
    this.sliceWidth = out;
    this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(in, out));
    this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(out));
  }

  /**
   * Adds LoRA adapters: {@code slices} equal parts of the output, {@code adapted[s]} says which.
   */
  void addLora(LoraConfig lora, int slices, boolean[] adapted, String[] sliceNames) {
    int out = sliceWidth;
    int width = out / slices;
    this.loraScaling = lora.scaling();
    this.loraDropout = (float) lora.dropout();
    for (int s = 0; s < slices; s++) {
      if (!adapted[s]) {
        adapters.add(null);
        continue;
      }
      String prefix = slices == 1 ? "lora_" : "lora_" + sliceNames[s] + "_";
      Parameter a = parameter(prefix + "A", Parameter.Type.WEIGHT, new Shape(in, lora.rank()));
      Parameter b = parameter(prefix + "B", Parameter.Type.WEIGHT, new Shape(lora.rank(), width));
      adapters.add(new Parameter[] {a, b});
    }
  }

  public NDArray forward(ForwardContext ctx, NDArray x) {
    NDArray y = x.matMul(weight.getArray()).add(bias.getArray());
    if (adapters.isEmpty()) {
      return y;
    }
    NDArray xd =
        loraDropout > 0 && ctx.training() ? Dropout.dropout(x, loraDropout, true).head() : x;
    NDList parts = new NDList();
    Shape shape = y.getShape();
    int width = sliceWidth / adapters.size();
    for (Parameter[] ab : adapters) {
      if (ab == null) {
        parts.add(
            ctx.manager()
                .zeros(
                    new Shape(shape.get(0), shape.get(1), width), y.getDataType(), y.getDevice()));
      } else {
        parts.add(xd.matMul(ab[0].getArray()).matMul(ab[1].getArray()));
      }
    }
    NDArray delta = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 2);
    return y.add(delta.mul(ctx.scalar(loraScaling)));
  }
}
