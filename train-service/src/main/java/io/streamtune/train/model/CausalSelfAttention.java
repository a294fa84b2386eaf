package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.Arrays;

/**
 * GPT-2's {@code attn}: fused q,k,v projection {@code c_attn} [C, 3C] (q, k, v in that order along
 * the output axis, as GPT-2 stores them), multi-head scaled dot-product attention with a causal
 * mask, output projection {@code c_proj} [C, C], attention and residual dropout.
 */
public final class CausalSelfAttention extends NamedBlock {

  private final Conv1D cAttn;
  private final Conv1D cProj;
  private final int heads;
  private final int headSize;
  private final float dropout;

  public CausalSelfAttention(Gpt2Config config) {
    int c = config.embedding();
    this.heads = config.heads();
    this.headSize = c / heads;
    this.dropout = (float) config.dropout();
    this.cAttn = child("c_attn", new Conv1D(c, 3 * c));
    this.cProj = child("c_proj", new Conv1D(c, c));
  }

  void addLora(LoraConfig lora) {
    boolean[] qkv = {
      lora.targets().contains("q"), lora.targets().contains("k"), lora.targets().contains("v")
    };
    if (qkv[0] || qkv[1] || qkv[2]) {
      cAttn.addLora(lora, 3, qkv, new String[] {"q", "k", "v"});
    }
    if (lora.targets().contains("out")) {
      cProj.addLora(lora, 1, new boolean[] {true}, new String[] {""});
    }
  }

  /** x [B, T, C] → [B, T, C]. */
  public NDArray forward(ForwardContext ctx, NDArray x) {
    Shape shape = x.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    long c = shape.get(2);
    NDList qkv = cAttn.forward(ctx, x).split(3, 2);
    NDArray q = heads(qkv.get(0), b, t);
    NDArray k = heads(qkv.get(1), b, t);
    NDArray v = heads(qkv.get(2), b, t);
    NDArray scores =
        q.matMul(k.transpose(0, 1, 3, 2))
            .mul(ctx.scalar((float) (1.0 / Math.sqrt(headSize))))
            .add(causalMask(ctx, (int) t));
    NDArray weights = dropout(ctx, scores.softmax(-1));
    NDArray y = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c);
    return dropout(ctx, cProj.forward(ctx, y));
  }

  private NDArray heads(NDArray x, long b, long t) {
    return x.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
  }

  private NDArray dropout(ForwardContext ctx, NDArray x) {
    return dropout > 0 && ctx.training() ? Dropout.dropout(x, dropout, true).head() : x;
  }

  /** [T, T]: 0 where a position may look (itself and earlier), −∞ at every later position. */
  private static NDArray causalMask(ForwardContext ctx, int t) {
    float[] mask = new float[t * t];
    for (int i = 0; i < t; i++) {
      Arrays.fill(mask, i * t + i + 1, (i + 1) * t, Float.NEGATIVE_INFINITY);
    }
    return ctx.manager().create(mask, new Shape(t, t));
  }
}
