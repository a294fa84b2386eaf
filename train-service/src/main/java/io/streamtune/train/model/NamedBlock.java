package io.streamtune.train.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose parameters and children carry GPT-2's names ({@code h.0.attn.c_attn.weight}),
 * so weights map by name onto a Hugging Face GPT-2 state dict. DJL numbers child blocks in its own
 * naming; {@link #collect} gives the GPT-2 names.
 *
 * <p>Forward passes run through the typed {@code forward(ForwardContext, …)} methods of the
 * subclasses, which read each parameter's array directly (one device, no parameter store).
 */
public abstract class NamedBlock extends AbstractBlock {

  private final Map<String, Parameter> named = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();
  private final Map<String, NamedBlock> blocks = new LinkedHashMap<>();

  /** Declares a parameter; its array is set later by {@link Gpt2Model}'s initializer or loader. */
  protected final Parameter parameter(String name, Parameter.Type type, Shape shape) {
    Parameter parameter = Parameter.builder().setName(name).setType(type).build();
    addParameter(parameter);
    named.put(name, parameter);
    shapes.put(name, shape);
    return parameter;
  }

  /** Declares a child block under its GPT-2 name (e.g. {@code attn}, {@code h.3}). */
  protected final <B extends NamedBlock> B child(String name, B block) {
    addChildBlock(name, block);
    blocks.put(name, block);
    return block;
  }

  /** Adds this block's parameters to {@code out} as {@code prefix + name}, depth first. */
  final void collect(String prefix, Map<String, Parameter> out, Map<String, Shape> shapesOut) {
    for (Map.Entry<String, Parameter> entry : named.entrySet()) {
      out.put(prefix + entry.getKey(), entry.getValue());
      shapesOut.put(prefix + entry.getKey(), shapes.get(entry.getKey()));
    }
    for (Map.Entry<String, NamedBlock> entry : blocks.entrySet()) {
      entry.getValue().collect(prefix + entry.getKey() + ".", out, shapesOut);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " runs through Gpt2Model.forward(ForwardContext, ids)");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
