package io.streamtune.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * GPT-2's {@code attn}: fused q,k,v projection {@code c_attn} [C, 3C] (q, k, v in that order along
 * the output axis, as GPT-2 stores them), multi-head scaled dot-product attention with a causal
 * mask, output projection {@code c_proj} [C, C], attention and residual dropout.
 */
public final class CausalSelfAttention extends NamedBlock {

  /**
   * Largest score block one attention step materialises: 8 MiB, well under glibc's 32 MiB cap on
   * its mmap threshold, so blocks are recycled from the heap instead of being mmapped and
   * page-faulted afresh (with kernel time to match) at every step. A whole [32, 4, 512, 512] score
   * tensor is 134 MB. Measured at context 512 (ContextLengthBenchmark): 2 MiB blocks were slower
   * (0.48x context 128's tokens/s, 18% system time, against 0.65x and 11% in the run before).
   */
  static final long SCORE_BLOCK_BYTES = 8L << 20;

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
    return forward(ctx, x, null, -1);
  }

  /**
   * x [B, T, C] at positions {@code cache.length()} … → [B, T, C], attending to the cached
   * positions as well; appends this pass's keys and values to {@code cache} as layer {@code layer}.
   * A null cache is the plain pass over positions 0 … T−1.
   */
  public NDArray forward(ForwardContext ctx, NDArray x, KvCache cache, int layer) {
    Shape shape = x.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    long c = shape.get(2);
    if (t == 1 && cache != null) {
      return forwardOne(ctx, x, cache, layer, b, c);
    }
    NDList qkv = cAttn.forward(ctx, x).split(3, 2);
    // The 1/√d scale goes on q ([B, H, T, d]) rather than on the [B, H, T, T] scores: one small
    // multiply instead of a pass over the largest tensor of the layer.
    NDArray q = heads(qkv.get(0), b, t).mul(ctx.scalar((float) (1.0 / Math.sqrt(headSize))));
    NDArray k = heads(qkv.get(1), b, t);
    NDArray v = heads(qkv.get(2), b, t);
    int offset = 0;
    if (cache != null) {
      offset = cache.length();
      NDArray[] kv = cache.append(layer, k, v);
      k = kv[0];
      v = kv[1];
    }
    NDArray y = attend(ctx, q, k, v, offset).transpose(0, 2, 1, 3).reshape(b, t, c);
    return dropout(ctx, cProj.forward(ctx, y));
  }

  /**
   * The generation step: one new position per row, attending to the cache. The same arithmetic as
   * the general path in fewer tensor operations (each costs a native call, and on a small model the
   * calls are most of the step): with one position, [B, 1, 3C] is already laid out as [B, 3H, 1,
   * d], so q, k and v come from one reshape and one split (no transposes), the single query needs
   * no mask, and the result reshapes straight back to [B, 1, C].
   */
  private NDArray forwardOne(
      ForwardContext ctx, NDArray x, KvCache cache, int layer, long b, long c) {
    NDList qkv = cAttn.forward(ctx, x).reshape(b, 3L * heads, 1, headSize).split(3, 1);
    NDArray q = qkv.get(0).mul(ctx.scalar((float) (1.0 / Math.sqrt(headSize))));
    NDArray[] kv = cache.append(layer, qkv.get(1), qkv.get(2));
    NDArray scores = q.matMul(kv[0].transpose(0, 1, 3, 2));
    NDArray y = dropout(ctx, scores.softmax(-1)).matMul(kv[1]).reshape(b, 1, c);
    return dropout(ctx, cProj.forward(ctx, y));
  }

  /**
   * softmax(q kᵀ + causal mask) v for q [B, H, Tq, d] at positions offset … offset+Tq−1 and k, v
   * [B, H, offset+Tq, d]. The queries go in blocks sized so that one block's scores stay under
   * {@link #SCORE_BLOCK_BYTES}, and each block reads only the keys it may see (those up to its last
   * query): no pass ever materialises the whole [B, H, T, T] score tensor, the key blocks wholly in
   * the future are never computed (about half of the work at long contexts), and the mask is a
   * small [block, keys] tensor. Each query's result is the same sum as in one full pass: blocks
   * only group rows.
   */
  private NDArray attend(ForwardContext ctx, NDArray q, NDArray k, NDArray v, int offset) {
    long[] dims = q.getShape().getShape();
    int tq = (int) dims[2];
    int tk = offset + tq;
    long perQuery = dims[0] * dims[1] * (long) tk * Float.BYTES;
    int block = (int) Math.max(1, Math.min(tq, SCORE_BLOCK_BYTES / perQuery));
    if (block >= tq) {
      return weigh(ctx, q, k, v, offset, tq, tk);
    }
    NDList parts = new NDList();
    for (int from = 0; from < tq; from += block) {
      int to = Math.min(tq, from + block);
      int keys = offset + to;
      NDArray qBlock = q.get(":, :, " + from + ":" + to);
      NDArray kBlock = keys == tk ? k : k.get(":, :, :" + keys);
      NDArray vBlock = keys == tk ? v : v.get(":, :, :" + keys);
      parts.add(weigh(ctx, qBlock, kBlock, vBlock, offset + from, to - from, keys));
    }
    return NDArrays.concat(parts, 2);
  }

  /** Queries at positions first … first+rows−1 (the last being keys−1) over keys 0 … keys−1. */
  private NDArray weigh(
      ForwardContext ctx, NDArray q, NDArray k, NDArray v, int first, int rows, int keys) {
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
    if (rows > 1) { // a single query (the newest position) may see every key
      scores = scores.add(ctx.causalMask(first, rows, keys));
    }
    return dropout(ctx, scores.softmax(-1)).matMul(v);
  }

  private NDArray heads(NDArray x, long b, long t) {
    return x.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
  }

  private NDArray dropout(ForwardContext ctx, NDArray x) {
    return dropout > 0 && ctx.training() ? Dropout.dropout(x, dropout, true).head() : x;
  }
}
