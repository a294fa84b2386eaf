package io.streamtune.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.config.IngestSettings.Fields;
import io.streamtune.ingest.config.IngestSettings.Format;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one parsed raw object into a cleaned record or a rejection: field mapping (classification,
 * generation or chat), text rules, blank check, label normalization, length limit. Pure: no Kafka.
 *
 * <p>Check order: missing_field / wrong_type, then blank, unknown_label, too_long.
 */
public final class RecordCleaner {

  /** Rule names as they appear in {@code CleanRecord.rules}. */
  public static final String TRUNCATED = "truncated", CHAT = "chat_flattened";

  private final IngestSettings settings;
  private final TextCleaner text;
  private final LabelNormalizer labels;

  public RecordCleaner(IngestSettings settings) {
    this.settings = settings;
    this.text = new TextCleaner(settings.clean());
    this.labels = new LabelNormalizer(settings.allowedLabels(), settings.aliases());
  }

  public CleanResult clean(JsonNode object) {
    Fields f = settings.fields();
    Format format = settings.format();
    if (format == Format.AUTO) {
      format =
          object.has(f.messages())
              ? Format.CHAT
              : object.has(f.prompt()) || object.has(f.completion())
                  ? Format.GENERATION
                  : Format.CLASSIFICATION;
    }
    return switch (format) {
      case CLASSIFICATION -> classification(object, f);
      case GENERATION -> generation(object, f);
      default -> chat(object, f);
    };
  }

  private CleanResult classification(JsonNode object, Fields f) {
    JsonNode input = object.get(f.text());
    JsonNode target = object.get(f.label());
    CleanResult problem = requireText(input, f.text(), false);
    if (problem == null) {
      problem = requireText(target, f.label(), true);
    }
    if (problem != null) {
      return problem;
    }
    List<String> rules = new ArrayList<>();
    String prompt = text.clean(input.asText(), rules);
    if (prompt.isEmpty()) {
      return CleanResult.reject(Reasons.BLANK, "field '" + f.text() + "' is blank after cleaning");
    }
    String rawLabel = target.asText();
    if (LabelNormalizer.fold(rawLabel).isEmpty()) {
      return CleanResult.reject(Reasons.BLANK, "field '" + f.label() + "' is blank");
    }
    String label = labels.normalize(rawLabel, rules);
    if (label == null) {
      return CleanResult.reject(
          Reasons.UNKNOWN_LABEL,
          "label '" + abbreviate(rawLabel) + "' is not one of " + settings.allowedLabels());
    }
    return finish(TaskKind.LABEL, prompt, label, rules, f.text(), f.label());
  }

  private CleanResult generation(JsonNode object, Fields f) {
    JsonNode input = object.get(f.prompt());
    JsonNode target = object.get(f.completion());
    CleanResult problem = requireText(input, f.prompt(), false);
    if (problem == null) {
      problem = requireText(target, f.completion(), false);
    }
    if (problem != null) {
      return problem;
    }
    List<String> rules = new ArrayList<>();
    return generationResult(
        text.clean(input.asText(), rules),
        text.clean(target.asText(), rules),
        rules,
        f.prompt(),
        f.completion());
  }

  private CleanResult chat(JsonNode object, Fields f) {
    JsonNode messages = object.get(f.messages());
    if (messages == null || messages.isNull()) {
      return CleanResult.reject(Reasons.MISSING_FIELD, "field '" + f.messages() + "' is missing");
    }
    if (!messages.isArray()) {
      return CleanResult.reject(
          Reasons.WRONG_TYPE, "field '" + f.messages() + "' must be an array of turns");
    }
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode turn = messages.get(i);
      if (!turn.isObject() || !turn.path("role").isTextual() || !turn.path("content").isTextual()) {
        return CleanResult.reject(
            Reasons.WRONG_TYPE,
            "turn " + i + " of '" + f.messages() + "' must be {role: text, content: text}");
      }
      if (turn.get("role").asText().trim().equalsIgnoreCase("assistant")) {
        last = i;
      }
    }
    if (last < 0) {
      return CleanResult.reject(
          Reasons.MISSING_FIELD, "'" + f.messages() + "' has no assistant turn");
    }
    List<String> rules = new ArrayList<>();
    rules.add(CHAT);
    StringBuilder prompt = new StringBuilder();
    for (int i = 0; i < last; i++) {
      String content = text.clean(messages.get(i).get("content").asText(), rules);
      if (!content.isEmpty()) {
        String role =
            messages.get(i).get("role").asText().trim().toLowerCase(java.util.Locale.ROOT);
        prompt.append(prompt.isEmpty() ? "" : "\n").append(role).append(": ").append(content);
      }
    }
    String completion = text.clean(messages.get(last).get("content").asText(), rules);
    return generationResult(prompt.toString(), completion, rules, f.messages(), f.messages());
  }

  private CleanResult generationResult(
      String prompt, String completion, List<String> rules, String inField, String outField) {
    if (prompt.isEmpty()) {
      return CleanResult.reject(Reasons.BLANK, "field '" + inField + "' is blank after cleaning");
    }
    if (completion.isEmpty()) {
      return CleanResult.reject(Reasons.BLANK, "field '" + outField + "' is blank after cleaning");
    }
    return finish(TaskKind.GENERATION, prompt, completion, rules, inField, outField);
  }

  private CleanResult finish(
      TaskKind kind,
      String prompt,
      String completion,
      List<String> rules,
      String inField,
      String outField) {
    int max = settings.maxChars();
    if (prompt.length() > max || completion.length() > max) {
      if (!settings.truncate()) {
        String field = prompt.length() > max ? inField : outField;
        int length = Math.max(prompt.length(), completion.length());
        return CleanResult.reject(
            Reasons.TOO_LONG, "field '" + field + "' has " + length + " chars, limit " + max);
      }
      prompt = truncate(prompt, max);
      completion = truncate(completion, max);
      rules.add(TRUNCATED);
    }
    return CleanResult.ok(kind, prompt, completion, rules);
  }

  /** Cuts to at most {@code max} chars without splitting a surrogate pair. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end).trim();
  }

  private static CleanResult requireText(JsonNode node, String field, boolean scalarOk) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return CleanResult.reject(Reasons.MISSING_FIELD, "field '" + field + "' is missing");
    }
    boolean ok = node.isTextual() || (scalarOk && (node.isNumber() || node.isBoolean()));
    if (!ok) {
      return CleanResult.reject(
          Reasons.WRONG_TYPE,
          "field '" + field + "' must be text, got " + node.getNodeType().name().toLowerCase());
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
