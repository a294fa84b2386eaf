package io.streamtune.bench.realtext;

import java.util.List;
import java.util.Map;

/**
 * The label task's label: the era an address was given in. Vocabulary, style and subjects change
 * across these spans (the founding era's "Gentlemen of the Senate", the industrial era's tariffs
 * and railways, the mid-century's wars and programmes, the modern era's "tonight" and applause), so
 * the label follows from the text; and the corpus is skewed (the long addresses of 1861-1932 hold
 * ~43% of the words, each of the last two spans ~15%), so accuracy alone hides a model that ignores
 * the minority eras.
 */
public final class Era {

  public static final String FOUNDING = "founding";
  public static final String INDUSTRIAL = "industrial";
  public static final String MIDCENTURY = "midcentury";
  public static final String MODERN = "modern";

  public static final List<String> LABELS = List.of(FOUNDING, INDUSTRIAL, MIDCENTURY, MODERN);

  /**
   * Spellings a live source might use for each label, configured through ingest.labels.aliases
   * (case and spacing variants need no alias: ingest folds them).
   */
  public static final Map<String, String> ALIASES =
      Map.of(
          "early-republic", FOUNDING,
          "antebellum", FOUNDING,
          "gilded-age", INDUSTRIAL,
          "progressive-era", INDUSTRIAL,
          "postwar", MIDCENTURY,
          "cold-war", MIDCENTURY,
          "contemporary", MODERN,
          "recent", MODERN);

  private Era() {}

  /** 1790-1860, 1861-1932, 1933-1980, 1981 on. */
  public static String of(int year) {
    if (year <= 1860) {
      return FOUNDING;
    }
    if (year <= 1932) {
      return INDUSTRIAL;
    }
    return year <= 1980 ? MIDCENTURY : MODERN;
  }

  /** The aliases as ingest.labels.aliases wants them: alias=label,… in a stable order. */
  public static String aliasProperty() {
    StringBuilder s = new StringBuilder();
    ALIASES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                s.append(s.length() == 0 ? "" : ",")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue()));
    return s.toString();
  }
}
