package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A decoder-only transformer with GPT-2's architecture and parameter names: token embedding {@code
 * wte} [V, C], learned positions {@code wpe} [P, C], blocks {@code h.0 … h.(N-1)}, final {@code
 * ln_f}, LM head tied to {@code wte} (logits = h · wteᵀ). Every tensor's name and shape is the one
 * in a Hugging Face GPT-2 state dict ({@code transformer.} prefix dropped), Conv1D weights included
 * ([in, out], see {@link Conv1D}); LoRA adapters add {@code …lora_A}/{@code …lora_B}.
 */
public final class Gpt2Model extends NamedBlock {

  private final Gpt2Config config;
  private final LoraConfig lora;
  private final Parameter wte;
  private final Parameter wpe;
  private final List<Gpt2Layer> layers = new ArrayList<>();
  private final LayerNormBlock lnF;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();

  /** Declares the architecture; arrays come from {@link #initialize} or {@link #copyOf}. */
  public Gpt2Model(Gpt2Config config, LoraConfig lora) {
    this.config = config;
    this.lora = lora;
    this.wte =
        parameter(
            "wte.weight", Parameter.Type.WEIGHT, new Shape(config.vocabSize(), config.embedding()));
    this.wpe =
        parameter(
            "wpe.weight",
            Parameter.Type.WEIGHT,
            new Shape(config.contextLength(), config.embedding()));
    for (int i = 0; i < config.layers(); i++) {
      Gpt2Layer layer = child("h." + i, new Gpt2Layer(config));
      if (lora != null) {
        layer.addLora(lora);
      }
      layers.add(layer);
    }
    this.lnF = child("ln_f", new LayerNormBlock(config.embedding(), config.layerNormEpsilon()));
    collect("", parameters, shapes);
  }

  public Gpt2Config config() {
    return config;
  }

  /** The LoRA configuration, or null for a plain model. */
  public LoraConfig lora() {
    return lora;
  }

  /** Every parameter under its GPT-2 name, in state-dict order (adapters beside their layer). */
  public Map<String, Parameter> namedParameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The declared shape of each parameter. */
  public Map<String, Shape> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  /** True for LoRA adapter tensors (trainable under LoRA; saved apart from the base). */
  public static boolean isAdapter(String name) {
    return name.contains(".lora_");
  }

  /**
   * Fills every parameter from {@code seed} (Java's PRNG, so the same seed gives the same weights
   * on any machine and device): GPT-2's init, N(0, 0.02) for weights, N(0, 0.02/√(2N)) for the
   * residual projections, LayerNorm γ=1 β=0, biases 0; LoRA A ~ U(±1/√in), B = 0, drawn from a
   * separate stream so the base weights are the same with or without adapters.
   */
  public void initialize(NDManager manager, long seed) {
    Random base = new Random(seed);
    Random adapters = new Random(seed ^ 0x5DEECE66DL);
    double residualStd = 0.02 / Math.sqrt(2.0 * config.layers());
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      String name = entry.getKey();
      Shape shape = shapes.get(name);
      float[] values = new float[(int) shape.size()];
      if (isAdapter(name)) {
        if (name.endsWith("_A")) {
          double bound = 1.0 / Math.sqrt(shape.get(0));
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((adapters.nextDouble() * 2 - 1) * bound);
          }
        }
      } else if (name.contains("ln_") && name.endsWith(".weight")) {
        java.util.Arrays.fill(values, 1f);
      } else if (name.endsWith(".weight")) {
        double std = name.endsWith("c_proj.weight") ? residualStd : 0.02;
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (base.nextGaussian() * std);
        }
      }
      entry.getValue().setArray(manager.create(values, shape));
    }
  }

  /**
   * A model with the same architecture whose arrays are detached copies owned by {@code manager}.
   */
  public static Gpt2Model copyOf(Gpt2Model source, NDManager manager) {
    Gpt2Model copy = new Gpt2Model(source.config, source.lora);
    for (Map.Entry<String, Parameter> entry : source.parameters.entrySet()) {
      NDArray detached = entry.getValue().getArray().stopGradient();
      NDArray array = detached.duplicate();
      detached.close();
      array.attach(manager);
      copy.parameters.get(entry.getKey()).setArray(array);
    }
    return copy;
  }

  /** ids [B, T] (int64, T ≤ contextLength) → logits [B, T, V]: {@code logits(hidden(ctx, ids))}. */
  public NDArray forward(ForwardContext ctx, NDArray ids) {
    return logits(hidden(ctx, ids));
  }

  /**
   * The tied LM head: hidden states [..., C] (from {@link #hidden}) → logits [..., V]. Apply it
   * only where logits are needed: with a large vocabulary the logits dwarf everything else.
   */
  public NDArray logits(NDArray hidden) {
    return ai.djl.nn.core.Linear.linear(hidden, wte.getArray()).singletonOrThrow();
  }

  /** ids [B, T] (int64, T ≤ contextLength) → the final layer norm's output [B, T, C]. */
  public NDArray hidden(ForwardContext ctx, NDArray ids) {
    return lnF.forward(ctx, layers(ctx, ids));
  }

  /**
   * ids [B, T] at positions {@code cache.length()} … → logits [B, T, V], attending to the positions
   * already in {@code cache} and appending these to it (inference: dropout off). The same logits as
   * {@link #forward(ForwardContext, NDArray)} over the whole sequence, within float rounding.
   */
  public NDArray forward(ForwardContext ctx, NDArray ids, KvCache cache) {
    return logits(lnF.forward(ctx, cachedLayers(ctx, ids, cache)));
  }

  /**
   * The logits [B, V] that follow each row's last position, what generation samples the next token
   * from: the LM head runs on that position only. With a {@code cache} the pass is {@link
   * #forward(ForwardContext, NDArray, KvCache)}'s (ids after the cached positions, appended to the
   * cache); with none it is a plain pass over positions 0 … T−1. The same numbers as the last
   * position of the full logits, within float rounding.
   */
  public NDArray nextLogits(ForwardContext ctx, NDArray ids, KvCache cache) {
    NDArray x = cache == null ? layers(ctx, ids) : cachedLayers(ctx, ids, cache);
    long[] dims = x.getShape().getShape();
    NDArray last =
        dims[1] == 1
            ? x.reshape(dims[0], dims[2])
            : x.get(new NDIndex().addAllDim().addIndices(dims[1] - 1));
    return logits(lnF.forward(ctx, last));
  }

  /** The blocks' output over a plain pass (before ln_f). */
  private NDArray layers(ForwardContext ctx, NDArray ids) {
    long t = ids.getShape().get(1);
    if (t > config.contextLength()) {
      throw new IllegalArgumentException(
          "sequence of " + t + " tokens exceeds contextLength " + config.contextLength());
    }
    NDArray positions = ctx.manager().arange(0, (int) t, 1, DataType.INT64);
    NDArray x = embed(ids, wte.getArray()).add(embed(positions, wpe.getArray()));
    if (config.dropout() > 0 && ctx.training()) {
      x = Dropout.dropout(x, (float) config.dropout(), true).head();
    }
    for (Gpt2Layer layer : layers) {
      x = layer.forward(ctx, x);
    }
    return x;
  }

  /** The blocks' output (before ln_f) over ids that follow the cached positions. */
  private NDArray cachedLayers(ForwardContext ctx, NDArray ids, KvCache cache) {
    int t = (int) ids.getShape().get(1);
    int offset = cache.length();
    if (offset + t > config.contextLength()) {
      throw new IllegalArgumentException(
          offset + "+" + t + " positions exceed contextLength " + config.contextLength());
    }
    // The position rows as a slice of wpe, owned by the pass: one operation, where arange and a
    // lookup are two (the same values; training keeps the lookup of the plain pass).
    NDArray positions =
        wpe.getArray().get(ctx.manager(), new NDIndex().addSliceDim(offset, offset + t));
    NDArray x = embed(ids, wte.getArray()).add(positions);
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).forward(ctx, x, cache, i);
    }
    cache.advance(t);
    return x;
  }

  /** Embedding lookup whose result belongs to the ids' manager (not the weights'). */
  private static NDArray embed(NDArray ids, NDArray table) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }
}
