package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** GPT-2's {@code ln_*}: LayerNorm over the last axis, {@code weight} (γ) and {@code bias} (β). */
public final class LayerNormBlock extends NamedBlock {

  private final Parameter weight;
  private final Parameter bias;
  private final Shape normalized;
  private final float epsilon;

  public LayerNormBlock(int size, double epsilon) {
    this.normalized = new Shape(size);
    this.epsilon = (float) epsilon;
    this.weight = parameter("weight", Parameter.Type.GAMMA, normalized);
    this.bias = parameter("bias", Parameter.Type.BETA, normalized);
  }

  /** The native layer norm; epsilon is passed as a plain double to the kernel, not as a tensor. */
  public NDArray forward(ForwardContext ctx, NDArray x) {
    return LayerNorm.layerNorm(x, normalized, weight.getArray(), bias.getArray(), epsilon)
        .singletonOrThrow();
  }
}
