package io.streamtune.train.training;

import io.streamtune.train.model.Gpt2Config;

/**
 * How many micro-batches one optimizer step's task loss is computed in: at least the configured
 * gradient accumulation, and more when a batch's activations would be large. The per-step
 * activations grow with rows × length × (4·embedding) for the MLP and rows × heads × length² for
 * attention; at batch 32 × 512 tokens one such tensor is 134 MB. Tensors over glibc's mmap
 * threshold (at most 32 MiB) are mmapped and page-faulted afresh at every step, which put half of
 * the CPU time in the kernel and made context 512 train at 0.1–0.2× the tokens/s of context 128.
 * Micro-batches whose largest activation stays within {@link #ACTIVATION_BYTES} are recycled from
 * the heap instead, and stay closer to the CPU's caches. The loss is the same sum over all
 * completion tokens divided by their count over the whole batch, so the gradient is the same as in
 * one pass (within float rounding).
 */
final class MicroBatches {

  /**
   * 16 MiB: half of glibc's largest mmap threshold; measured (ContextLengthBenchmark) at context
   * 512, batch 32: 4 rows a micro-batch (this budget) trained at 1.04× context 128's tokens/s with
   * 6% system time, 8 rows at 0.41× with 21%, one batch of 32 at 0.16× with 35%.
   */
  static final long ACTIVATION_BYTES = 16L << 20;

  private MicroBatches() {}

  /** Micro-batches for {@code rows} sequences of {@code length} input tokens (≤ rows). */
  static int parts(Gpt2Config config, int rows, int length, int configured) {
    if (rows <= 1) {
      return Math.max(1, rows);
    }
    long perRow =
        (long) length * Math.max(4L * config.embedding(), (long) config.heads() * length) * 4;
    int rowsPerPart = (int) Math.max(1, Math.min(rows, ACTIVATION_BYTES / Math.max(1, perRow)));
    int needed = (rows + rowsPerPart - 1) / rowsPerPart;
    return Math.min(rows, Math.max(configured, needed));
  }
}
