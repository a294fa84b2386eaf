package io.streamtune.train.doctor;

import java.util.Map;

/**
 * The ingest service's data-quality numbers that the doctor uses (from its {@code GET /quality}).
 *
 * @param validated records that passed validation and reached de-duplication
 * @param duplicateRate exact + near duplicates / validated
 * @param conflictRate label conflicts / validated
 * @param labels admitted records per label
 */
public record QualitySnapshot(
    long validated, double duplicateRate, double conflictRate, Map<String, Long> labels) {

  public QualitySnapshot {
    labels = Map.copyOf(labels);
  }

  /** Most common label's count over the rarest one's; NaN with fewer than two labels. */
  public double imbalanceRatio() {
    if (labels.size() < 2) {
      return Double.NaN;
    }
    long max = labels.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long min = labels.values().stream().mapToLong(Long::longValue).min().orElse(0);
    return min == 0 ? Double.POSITIVE_INFINITY : max / (double) min;
  }
}
