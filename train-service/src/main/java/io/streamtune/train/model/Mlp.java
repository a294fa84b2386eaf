package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/** GPT-2's {@code mlp}: {@code c_fc} [C, 4C], GELU (tanh approximation), {@code c_proj} [4C, C]. */
public final class Mlp extends NamedBlock {

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

  private final Conv1D cFc;
  private final Conv1D cProj;
  private final float dropout;

  public Mlp(Gpt2Config config) {
    int c = config.embedding();
    this.cFc = child("c_fc", new Conv1D(c, 4 * c));
    this.cProj = child("c_proj", new Conv1D(4 * c, c));
    this.dropout = (float) config.dropout();
  }

  void addLora(LoraConfig lora) {
    if (lora.targets().contains("mlp")) {
      cFc.addLora(lora, 1, new boolean[] {true}, new String[] {""});
      cProj.addLora(lora, 1, new boolean[] {true}, new String[] {""});
    }
  }

  public NDArray forward(ForwardContext ctx, NDArray x) {
    NDArray y = cProj.forward(ctx, gelu(ctx, cFc.forward(ctx, x)));
    return dropout > 0 && ctx.training() ? Dropout.dropout(y, dropout, true).head() : y;
  }

  /** GPT-2's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), constants as owned tensors. */
  static NDArray gelu(ForwardContext ctx, NDArray x) {
    NDArray inner =
        x.add(x.mul(x).mul(x).mul(ctx.scalar(0.044715f))).mul(ctx.scalar(SQRT_2_OVER_PI));
    return x.mul(inner.tanh().add(ctx.scalar(1f))).mul(ctx.scalar(0.5f));
  }
}
