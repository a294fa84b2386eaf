package io.streamtune.ingest.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.ingest.clean.LabelNormalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checked, ready-to-use form of {@link IngestConfig}: what the topology and the cleaning rules
 * take. Plain values only, so the topology stays a pure function of it.
 */
public record IngestSettings(
    Format format,
    Fields fields,
    CleanRules clean,
    Set<String> allowedLabels,
    Map<String, String> aliases,
    int maxRecordBytes,
    int maxChars,
    boolean truncate,
    long retentionMs,
    boolean persistentStore,
    boolean nearEnabled,
    double nearThreshold,
    int shingleSize,
    int nearWindow,
    boolean pairKey,
    double evalFraction,
    int uploadMaxBytes,
    int uploadMaxRecords) {

  /** How a raw object maps onto input and target. */
  public enum Format {
    AUTO,
    CLASSIFICATION,
    GENERATION,
    CHAT
  }

  /** Field names of the raw objects. */
  public record Fields(
      String text, String label, String prompt, String completion, String messages) {}

  /** Which text rules run (in this order), and the optional character filter. */
  public record CleanRules(
      boolean nfkc,
      boolean stripControl,
      boolean stripHtml,
      boolean collapseWhitespace,
      boolean lowercase,
      Pattern charFilter) {}

  /**
   * True when records of this kind are de-duplicated on (prompt, completion): generation and chat
   * records under {@code ingest.dedup.generation-key=prompt+completion}. Label tasks never are.
   */
  public boolean keysOnPair(TaskKind kind) {
    return pairKey && kind != TaskKind.LABEL;
  }

  /** True when any label is allowed ({@code ingest.labels.allowed=*}). */
  public boolean anyLabel() {
    return allowedLabels.isEmpty();
  }

  /**
   * Checks every value and derives the ready forms.
   *
   * @throws IllegalArgumentException naming the property and the allowed values
   */
  public static IngestSettings from(IngestConfig c) {
    Format format = parseFormat(c.mapping().format());
    Fields fields =
        new Fields(
            field("ingest.mapping.text-field", c.mapping().textField()),
            field("ingest.mapping.label-field", c.mapping().labelField()),
            field("ingest.mapping.prompt-field", c.mapping().promptField()),
            field("ingest.mapping.completion-field", c.mapping().completionField()),
            field("ingest.mapping.messages-field", c.mapping().messagesField()));
    Pattern filter = null;
    if (c.clean().charFilter().isPresent()) {
      try {
        filter = Pattern.compile(c.clean().charFilter().get());
      } catch (PatternSyntaxException e) {
        throw invalid("ingest.clean.char-filter", "a Java regular expression", e.getMessage());
      }
    }
    CleanRules clean =
        new CleanRules(
            c.clean().nfkc(),
            c.clean().stripControl(),
            c.clean().stripHtml(),
            c.clean().collapseWhitespace(),
            c.clean().lowercase(),
            filter);
    Set<String> allowed = new LinkedHashSet<>();
    boolean any = false;
    for (String label : c.labels().allowed()) {
      String key = LabelNormalizer.fold(label);
      if (key.equals("*")) {
        any = true;
      } else if (key.isEmpty()) {
        throw invalid("ingest.labels.allowed", "non-blank labels or *", c.labels().allowed());
      } else {
        allowed.add(key);
      }
    }
    if (any) {
      allowed.clear();
    }
    Map<String, String> aliases = parseAliases(c.labels().aliases(), allowed);
    int maxRecordBytes = atLeast("ingest.limits.max-record-bytes", c.limits().maxRecordBytes(), 2);
    int maxChars = atLeast("ingest.limits.max-chars", c.limits().maxChars(), 1);
    String overflow = c.limits().overflow().trim().toLowerCase(Locale.ROOT);
    if (!overflow.equals("reject") && !overflow.equals("truncate")) {
      throw invalid("ingest.limits.overflow", "reject or truncate", c.limits().overflow());
    }
    long retentionMs = c.dedup().retention().toMillis();
    if (retentionMs <= 0) {
      throw invalid(
          "ingest.dedup.retention",
          "a positive ISO-8601 duration, e.g. P7D",
          c.dedup().retention());
    }
    String store = c.dedup().store().trim().toLowerCase(Locale.ROOT);
    if (!store.equals("rocksdb") && !store.equals("memory")) {
      throw invalid("ingest.dedup.store", "rocksdb or memory", c.dedup().store());
    }
    double threshold = c.dedup().nearThreshold();
    if (!(threshold > 0 && threshold <= 1)) {
      throw invalid("ingest.dedup.near-threshold", "a number in (0, 1]", threshold);
    }
    int shingle = c.dedup().shingleSize();
    if (shingle < 1 || shingle > 16) {
      throw invalid("ingest.dedup.shingle-size", "a whole number from 1 to 16", shingle);
    }
    String generationKey = c.dedup().generationKey().trim().toLowerCase(Locale.ROOT);
    if (!generationKey.equals("prompt+completion") && !generationKey.equals("prompt")) {
      throw invalid(
          "ingest.dedup.generation-key", "prompt+completion or prompt", c.dedup().generationKey());
    }
    double eval = c.split().evalFraction();
    if (!(eval >= 0 && eval < 1)) {
      throw invalid("ingest.split.eval-fraction", "a number in [0, 1)", eval);
    }
    return new IngestSettings(
        format,
        fields,
        clean,
        Set.copyOf(allowed),
        Map.copyOf(aliases),
        maxRecordBytes,
        maxChars,
        overflow.equals("truncate"),
        retentionMs,
        store.equals("rocksdb"),
        c.dedup().nearEnabled(),
        threshold,
        shingle,
        atLeast("ingest.dedup.near-window", c.dedup().nearWindow(), 2),
        generationKey.equals("prompt+completion"),
        eval,
        atLeast("ingest.upload.max-bytes", c.upload().maxBytes(), 1),
        atLeast("ingest.upload.max-records", c.upload().maxRecords(), 1));
  }

  /** The defaults, with {@code overrides} ({@code ingest.*} property names) applied: for tests. */
  public static IngestSettings of(Map<String, String> overrides) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IngestConfig.class)
            .withSources(new PropertiesConfigSource(overrides, "test", 500))
            .build();
    return from(config.getConfigMapping(IngestConfig.class));
  }

  public static IngestSettings defaults() {
    return of(Map.of());
  }

  private static Format parseFormat(String value) {
    try {
      return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("ingest.mapping.format", "auto, classification, generation or chat", value);
    }
  }

  private static Map<String, String> parseAliases(String spec, Set<String> allowed) {
    Map<String, String> aliases = new LinkedHashMap<>();
    if (spec == null || spec.isBlank() || spec.trim().equals("none")) {
      return aliases;
    }
    for (String entry : spec.split(",")) {
      String[] kv = entry.split("=", 2);
      String alias = kv.length == 2 ? LabelNormalizer.fold(kv[0]) : "";
      String label = kv.length == 2 ? LabelNormalizer.fold(kv[1]) : "";
      if (alias.isEmpty() || label.isEmpty()) {
        throw invalid("ingest.labels.aliases", "comma-separated alias=label pairs", entry);
      }
      if (!allowed.isEmpty() && !allowed.contains(label)) {
        throw invalid(
            "ingest.labels.aliases",
            "aliases of labels in ingest.labels.allowed " + allowed,
            entry);
      }
      aliases.put(alias, label);
    }
    return aliases;
  }

  private static String field(String property, String name) {
    if (name == null || name.isBlank()) {
      throw invalid(property, "a non-blank JSON field name", name);
    }
    return name.trim();
  }

  private static int atLeast(String property, int value, int min) {
    if (value < min) {
      throw invalid(property, "a whole number of at least " + min, value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String property, String allowed, Object was) {
    return new IllegalArgumentException(
        "invalid config " + property + "='" + was + "': allowed values are " + allowed);
  }
}
