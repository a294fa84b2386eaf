package io.streamtune.ingest.clean;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a raw label onto a canonical one: case-, width- and space-insensitive, through an alias map,
 * then checked against the allowed set.
 */
public final class LabelNormalizer {

  /** Rule names as they appear in {@code CleanRecord.rules}. */
  public static final String LABEL_CASE = "label_case", LABEL_ALIAS = "label_alias";

  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}_-]+");

  private final Set<String> allowed;
  private final Map<String, String> aliases;

  /**
   * @param allowed folded canonical labels; empty means any label
   * @param aliases folded alias → canonical label
   */
  public LabelNormalizer(Set<String> allowed, Map<String, String> aliases) {
    this.allowed = allowed;
    this.aliases = aliases;
  }

  /**
   * The comparison form of a label: NFKC, lower case, inner runs of space, '_' and '-' as one
   * space, trimmed. "Sports", " SPORTS " and "sports" fold alike.
   */
  public static String fold(String label) {
    String s = Normalizer.normalize(label, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return SEPARATORS.matcher(s).replaceAll(" ").trim();
  }

  /** The canonical label, or null when it is not allowed; notes the rules that changed it. */
  public String normalize(String raw, List<String> applied) {
    String folded = fold(raw);
    String label = aliases.getOrDefault(folded, folded);
    if (!allowed.isEmpty() && !allowed.contains(label)) {
      return null;
    }
    if (!folded.equals(label)) {
      applied.add(LABEL_ALIAS);
    } else if (!raw.equals(label)) {
      applied.add(LABEL_CASE);
    }
    return label;
  }
}
