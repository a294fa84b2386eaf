package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;

/** One transformer block {@code h.i}, pre-LayerNorm: x + attn(ln_1(x)), then x + mlp(ln_2(x)). */
public final class Gpt2Layer extends NamedBlock {

  private final LayerNormBlock ln1;
  private final CausalSelfAttention attn;
  private final LayerNormBlock ln2;
  private final Mlp mlp;

  public Gpt2Layer(Gpt2Config config) {
    this.ln1 = child("ln_1", new LayerNormBlock(config.embedding(), config.layerNormEpsilon()));
    this.attn = child("attn", new CausalSelfAttention(config));
    this.ln2 = child("ln_2", new LayerNormBlock(config.embedding(), config.layerNormEpsilon()));
    this.mlp = child("mlp", new Mlp(config));
  }

  void addLora(LoraConfig lora) {
    attn.addLora(lora);
    mlp.addLora(lora);
  }

  public NDArray forward(ForwardContext ctx, NDArray x) {
    return forward(ctx, x, null, -1);
  }

  /** The block over new positions whose attention also reads (and extends) {@code cache}. */
  public NDArray forward(ForwardContext ctx, NDArray x, KvCache cache, int index) {
    NDArray h = x.add(attn.forward(ctx, ln1.forward(ctx, x), cache, index));
    return h.add(mlp.forward(ctx, ln2.forward(ctx, h)));
  }
}
