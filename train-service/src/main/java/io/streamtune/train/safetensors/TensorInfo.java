package io.streamtune.train.safetensors;

import java.util.Arrays;

/**
 * One entry of a safetensors header.
 *
 * @param name the tensor's key
 * @param dtype element type
 * @param shape dimensions (empty for a scalar)
 * @param begin first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

  /** Number of elements (1 for a scalar). */
  public long elements() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The shape as GPT-2 checkpoints print it, e.g. {@code [768, 2304]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
