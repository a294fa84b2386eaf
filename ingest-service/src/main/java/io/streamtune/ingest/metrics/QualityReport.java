package io.streamtune.ingest.metrics;

import io.streamtune.ingest.streams.IngestListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code GET /quality} summary: the tallies plus plain-language warnings. A pure function of a
 * {@link QualityStats.Snapshot}, so the warnings are tested without a running service.
 *
 * @param scope what the counts cover: the whole application, or this instance only while the
 *     application-wide counts cannot be read
 * @param total input records decided
 * @param outcomes records by outcome: clean, eval, rejected
 * @param reasons rejected records by reason code
 * @param labels admitted label records by label
 * @param meanPromptChars mean admitted prompt length
 * @param duplicateRate (duplicate + near_duplicate) / records that passed validation
 * @param conflictRate label_conflict / records that passed validation
 * @param accuracyCeiling 1 - conflict rate: the best accuracy any model can reach on this data
 * @param warnings what a person should look at, in words
 */
public record QualityReport(
    String scope,
    long total,
    Map<String, Long> outcomes,
    Map<String, Long> reasons,
    Map<String, Long> labels,
    double meanPromptChars,
    double duplicateRate,
    double conflictRate,
    double accuracyCeiling,
    List<String> warnings) {

  /** Below this share of the even share (1/labels), a class counts as rare. */
  static final double RARE_CLASS_FACTOR = 0.4;

  /** What the counts cover, as {@code scope} says it. */
  public static final String APPLICATION = "the whole application (every instance, exactly once)",
      INSTANCE = "this instance only: the application-wide counts are not readable yet";

  public static QualityReport of(QualityStats.Snapshot s) {
    return of(s, INSTANCE);
  }

  public static QualityReport of(QualityStats.Snapshot s, String scope) {
    List<String> warnings = new ArrayList<>();
    long total = s.total();
    if (total == 0) {
      warnings.add("no records processed yet");
    }
    double conflict = s.conflictRate();
    if (conflict >= 0.01) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%.0f%% of labelled texts conflict: no model can exceed ~%.0f%% accuracy on this"
                  + " data; fix the labelling at the source",
              100 * conflict,
              100 * (1 - conflict)));
    }
    if (s.duplicateRate() >= 0.2) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%.0f%% of valid records were duplicates or near duplicates: the source repeats"
                  + " itself",
              100 * s.duplicateRate()));
    }
    long rejected = s.outcome(IngestListener.REJECTED);
    if (total > 0 && rejected >= 0.2 * total) {
      String worst =
          s.reasons().entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(e -> e.getKey() + " " + percent(e.getValue(), total))
              .orElse("");
      warnings.add(
          String.format(
              Locale.ROOT,
              "%s of input was rejected (most: %s): check the producer",
              percent(rejected, total),
              worst));
    }
    long labelled = s.labels().values().stream().mapToLong(Long::longValue).sum();
    if (s.labels().size() >= 2 && labelled >= 20) {
      double even = 1.0 / s.labels().size();
      s.labels()
          .forEach(
              (label, n) -> {
                if (n < RARE_CLASS_FACTOR * even * labelled) {
                  warnings.add(
                      String.format(
                          Locale.ROOT,
                          "class `%s` is %s of records: a model may learn to ignore it",
                          label,
                          percent(n, labelled)));
                }
              });
    }
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (String o : List.of(IngestListener.CLEAN, IngestListener.EVAL, IngestListener.REJECTED)) {
      outcomes.put(o, s.outcome(o));
    }
    double mean = s.admittedCount() == 0 ? 0 : s.promptCharsSum() / (double) s.admittedCount();
    return new QualityReport(
        scope,
        total,
        outcomes,
        s.reasons(),
        s.labels(),
        round(mean),
        round(s.duplicateRate()),
        round(conflict),
        round(1 - conflict),
        warnings);
  }

  private static String percent(long part, long whole) {
    double p = 100.0 * part / whole;
    return String.format(Locale.ROOT, p < 10 ? "%.1f%%" : "%.0f%%", p);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
