package io.streamtune.train.model;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Low-rank adapters: {@code W x + (alpha / rank) · B A dropout(x)}, A random, B zero, so a fresh
 * adapter leaves the model unchanged.
 *
 * @param rank r
 * @param alpha scaling numerator
 * @param dropout dropout on the adapter's input
 * @param targets among {@code q, k, v} (thirds of the fused {@code attn.c_attn}), {@code out}
 *     ({@code attn.c_proj}) and {@code mlp} ({@code mlp.c_fc} and {@code mlp.c_proj})
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<String> targets) {

  /** The target names LoRA understands. */
  public static final Set<String> ALLOWED_TARGETS = Set.of("q", "k", "v", "out", "mlp");

  public LoraConfig {
    if (rank < 1) {
      throw new IllegalArgumentException("loraRank must be >= 1, was " + rank);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("loraDropout must be in [0, 1), was " + dropout);
    }
    Set<String> normalized = new TreeSet<>();
    for (String target : targets == null ? Set.<String>of() : targets) {
      String t = target.trim().toLowerCase(Locale.ROOT);
      if (!ALLOWED_TARGETS.contains(t)) {
        throw new IllegalArgumentException(
            "loraTargets: unknown target '" + target + "', allowed: q, k, v, out, mlp");
      }
      normalized.add(t);
    }
    if (normalized.isEmpty()) {
      throw new IllegalArgumentException("loraTargets must name at least one of q, k, v, out, mlp");
    }
    targets = Set.copyOf(normalized);
  }

  /** alpha / rank. */
  public float scaling() {
    return (float) (alpha / rank);
  }
}
