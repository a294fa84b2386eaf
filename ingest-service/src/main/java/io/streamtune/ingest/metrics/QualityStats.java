package io.streamtune.ingest.metrics;

import io.streamtune.ingest.clean.Reasons;
import io.streamtune.ingest.streams.QualityProcessor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's running tallies (outcomes, reasons, labels, prompt lengths), the fallback of
 * {@code GET /quality} while the application-wide ones ({@link ClusterQuality}) cannot be read.
 * Thread-safe; several stream threads add to it at once.
 */
public final class QualityStats {

  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> labels = new ConcurrentHashMap<>();
  private final LongAdder lengthSum = new LongAdder();
  private final LongAdder lengthCount = new LongAdder();

  public void add(String outcome, String reason, String label, int promptChars) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    if (!"none".equals(reason)) {
      reasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }
    if (label != null) {
      labels.computeIfAbsent(label, k -> new LongAdder()).increment();
    }
    if (promptChars >= 0) {
      lengthSum.add(promptChars);
      lengthCount.increment();
    }
  }

  /** A consistent-enough copy of the tallies. */
  public Snapshot snapshot() {
    return new Snapshot(
        copy(outcomes), copy(reasons), copy(labels), lengthSum.sum(), lengthCount.sum());
  }

  /**
   * The tallies of the whole application from the published counters ({@code <partition>|<counter>}
   * → count, see {@code QualityProcessor}): each counter summed over the partitions.
   */
  public static Snapshot ofCounters(Map<String, Long> published) {
    Map<String, Long> outcomes = new TreeMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, Long> labels = new TreeMap<>();
    long chars = 0;
    long admitted = 0;
    for (Map.Entry<String, Long> e : published.entrySet()) {
      String name = e.getKey().substring(e.getKey().indexOf(QualityProcessor.SEPARATOR) + 1);
      long n = e.getValue() == null ? 0 : e.getValue();
      if (name.startsWith(QualityProcessor.OUTCOME)) {
        outcomes.merge(name.substring(QualityProcessor.OUTCOME.length()), n, Long::sum);
      } else if (name.startsWith(QualityProcessor.REASON)) {
        reasons.merge(name.substring(QualityProcessor.REASON.length()), n, Long::sum);
      } else if (name.startsWith(QualityProcessor.LABEL)) {
        labels.merge(name.substring(QualityProcessor.LABEL.length()), n, Long::sum);
      } else if (name.equals(QualityProcessor.PROMPT_CHARS)) {
        chars += n;
      } else if (name.equals(QualityProcessor.ADMITTED)) {
        admitted += n;
      }
    }
    return new Snapshot(outcomes, reasons, labels, chars, admitted);
  }

  /** Tallies at one moment. */
  public record Snapshot(
      Map<String, Long> outcomes,
      Map<String, Long> reasons,
      Map<String, Long> labels,
      long promptCharsSum,
      long admittedCount) {

    public long total() {
      return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long outcome(String o) {
      return outcomes.getOrDefault(o, 0L);
    }

    public long reason(String r) {
      return reasons.getOrDefault(r, 0L);
    }

    /** Records that passed validation and reached de-duplication. */
    public long validated() {
      return admittedCount
          + reason(Reasons.DUPLICATE)
          + reason(Reasons.NEAR_DUPLICATE)
          + reason(Reasons.LABEL_CONFLICT);
    }

    public double duplicateRate() {
      long v = validated();
      return v == 0 ? 0 : (reason(Reasons.DUPLICATE) + reason(Reasons.NEAR_DUPLICATE)) / (double) v;
    }

    public double conflictRate() {
      long v = validated();
      return v == 0 ? 0 : reason(Reasons.LABEL_CONFLICT) / (double) v;
    }
  }

  private static Map<String, Long> copy(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
