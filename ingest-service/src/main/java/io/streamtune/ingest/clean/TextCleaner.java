package io.streamtune.ingest.clean;

import io.streamtune.ingest.config.IngestSettings.CleanRules;
import java.util.List;

/** Runs the enabled text rules in a fixed order and notes the ones that changed the text. */
public final class TextCleaner {

  /** Rule names as they appear in {@code CleanRecord.rules}. */
  public static final String NFKC = "nfkc",
      CONTROL = "control_chars",
      HTML = "html",
      WHITESPACE = "whitespace",
      LOWERCASE = "lowercase",
      CHAR_FILTER = "char_filter";

  private final CleanRules rules;

  public TextCleaner(CleanRules rules) {
    this.rules = rules;
  }

  /** The cleaned text; the name of each rule that changed it is added to {@code applied} (once). */
  public String clean(String text, List<String> applied) {
    String s = text;
    if (rules.nfkc()) {
      s = apply(NFKC, s, TextRules.nfkc(s), applied);
    }
    if (rules.stripControl()) {
      s = apply(CONTROL, s, TextRules.stripControl(s), applied);
    }
    if (rules.stripHtml()) {
      s = apply(HTML, s, TextRules.stripHtml(s), applied);
      if (rules.stripControl()) {
        // entities can decode to control characters (&#0;): strip again, same rule name
        s = apply(CONTROL, s, TextRules.stripControl(s), applied);
      }
    }
    if (rules.charFilter() != null) {
      s = apply(CHAR_FILTER, s, TextRules.filterChars(s, rules.charFilter()), applied);
    }
    if (rules.lowercase()) {
      s = apply(LOWERCASE, s, TextRules.lowercase(s), applied);
    }
    if (rules.collapseWhitespace()) {
      s = apply(WHITESPACE, s, TextRules.collapseWhitespace(s), applied);
    }
    return s;
  }

  private static String apply(String name, String before, String after, List<String> applied) {
    if (!after.equals(before) && !applied.contains(name)) {
      applied.add(name);
    }
    return after;
  }
}
