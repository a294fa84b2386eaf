package io.streamtune.train.training;

import io.streamtune.train.model.Gpt2Config;

/**
 * How many micro-batches one optimizer step's task loss is computed in: at least the configured
 * gradient accumulation, and more when a part's activations would be large. The largest per-step
 * activations are the MLP's, rows × length × 4·embedding floats (attention's scores are cut into
 * blocks by {@code CausalSelfAttention} itself); at batch 32 × 512 tokens a full attention score
 * tensor was 134 MB. Tensors over glibc's mmap threshold are mmapped and page-faulted afresh at
 * every step, which put half of the CPU time in the kernel and made context 512 train at 0.1–0.2×
 * the tokens/s of context 128. Parts whose MLP activation stays within {@link #ACTIVATION_BYTES}
 * are recycled from the heap instead, and stay near the CPU's caches. The loss is the same sum over
 * all completion tokens divided by their count over the whole batch, so the gradient is the one of
 * a single pass (within float rounding).
 */
final class MicroBatches {

  /**
   * 4 MiB, measured in one run of ContextLengthBenchmark (2 layers, d=128, batch 32, 2 busy cores):
   * context 128 trained at 5.6k tokens/s with 25% system time in one part of 32 rows (8 MiB), 11.4k
   * with 6.5% in 2 parts (4 MiB); context 512 at 9.1k in 8 parts of 4 rows (4 MiB), 7.6k in 16
   * parts of 2 rows.
   */
  static final long ACTIVATION_BYTES = 4L << 20;

  private MicroBatches() {}

  /** Micro-batches for {@code rows} sequences of {@code length} input tokens (≤ rows). */
  static int parts(Gpt2Config config, int rows, int length, int configured) {
    if (rows <= 1) {
      return Math.max(1, rows);
    }
    long perRow = (long) length * 4L * config.embedding() * Float.BYTES;
    int rowsPerPart = (int) Math.max(1, Math.min(rows, ACTIVATION_BYTES / Math.max(1, perRow)));
    int needed = (rows + rowsPerPart - 1) / rowsPerPart;
    return Math.min(rows, Math.max(configured, needed));
  }
}
