package io.streamtune.reward.scoring;

import io.streamtune.reward.config.RewardConfig;
import io.streamtune.reward.scoring.model.RewardModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * Builds the enabled scorers from {@link RewardConfig}, checking every setting: an unknown scorer
 * name, a bad regex, schema, weight or range throws at start-up with a message naming the property
 * and what it accepts.
 */
public final class ScorerFactory {

  private static final Logger LOG = Logger.getLogger(ScorerFactory.class);

  /** The scorers and the reward model they hold (to close on shutdown), if any. */
  public record Built(RewardScoring scoring, Optional<RewardModel> rewardModel) {}

  private ScorerFactory() {}

  public static Built build(RewardConfig config) {
    if (config.maxCompletionChars() < 1) {
      throw invalid("reward.max-completion-chars", "must be at least 1");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String raw : config.scorers()) {
      String name = raw.strip();
      if (!ScorerNames.ALL.contains(name)) {
        throw invalid(
            "reward.scorers", "unknown scorer '" + name + "'; allowed: " + ScorerNames.ALL);
      }
      if (!names.add(name)) {
        throw invalid("reward.scorers", "scorer '" + name + "' is listed twice");
      }
    }
    List<WeightedScorer> scorers = new ArrayList<>();
    Optional<RewardModel> model = Optional.empty();
    for (String name : names) {
      switch (name) {
        case ScorerNames.LABEL_MATCH ->
            scorers.add(
                weighted(new LabelMatchScorer(), config.labelMatch().weight(), "label-match"));
        case ScorerNames.FORMAT ->
            scorers.add(weighted(format(config.format()), config.format().weight(), "format"));
        case ScorerNames.LENGTH ->
            scorers.add(weighted(length(config.length()), config.length().weight(), "length"));
        case ScorerNames.KEYWORDS ->
            scorers.add(
                weighted(keywords(config.keywords()), config.keywords().weight(), "keywords"));
        case ScorerNames.REWARD_MODEL -> {
          Optional<Path> path = config.rewardModel().path();
          if (path.isEmpty()) {
            LOG.info("scorer reward_model is off: reward.reward-model.path is unset");
            continue;
          }
          RewardModel loaded = loadModel(path.get());
          model = Optional.of(loaded);
          scorers.add(
              weighted(
                  new RewardModelScorer(loaded), config.rewardModel().weight(), "reward-model"));
        }
        default -> throw new IllegalStateException(name);
      }
    }
    if (scorers.isEmpty()) {
      throw invalid("reward.scorers", "no scorer is enabled; choose from " + ScorerNames.ALL);
    }
    if (scorers.stream().mapToDouble(WeightedScorer::weight).sum() <= 0) {
      model.ifPresent(RewardModel::close);
      throw invalid("reward.<scorer>.weight", "the enabled scorers' weights must not all be 0");
    }
    return new Built(new RewardScoring(scorers), model);
  }

  private static WeightedScorer weighted(Scorer scorer, double weight, String group) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw invalid("reward." + group + ".weight", "must be a finite number >= 0, got " + weight);
    }
    return new WeightedScorer(scorer, weight);
  }

  private static Scorer format(RewardConfig.Format f) {
    if (f.regex().isEmpty() && f.jsonSchema().isEmpty()) {
      throw invalid(
          "reward.format.regex",
          "the format scorer needs reward.format.regex or reward.format.json-schema (or both)");
    }
    Optional<Pattern> regex;
    try {
      regex = f.regex().map(Pattern::compile);
    } catch (PatternSyntaxException e) {
      throw invalid(
          "reward.format.regex", "is not a valid java.util.regex pattern: " + e.getMessage());
    }
    if (f.maxJsonDepth() < 1) {
      throw invalid("reward.format.max-json-depth", "must be at least 1");
    }
    Optional<String> schema = f.jsonSchema().map(ScorerFactory::schemaText);
    try {
      return new FormatScorer(regex, schema, f.maxJsonDepth());
    } catch (IllegalArgumentException e) {
      throw invalid("reward.format.json-schema", e.getMessage());
    }
  }

  /** Inline JSON when it starts with '{' (or is true/false), else a file path. */
  private static String schemaText(String value) {
    String v = value.strip();
    if (v.startsWith("{") || v.equals("true") || v.equals("false")) {
      return v;
    }
    try {
      return Files.readString(Path.of(v));
    } catch (IOException | RuntimeException e) {
      throw invalid(
          "reward.format.json-schema",
          "is neither inline JSON (starting with '{') nor a readable file: " + v);
    }
  }

  private static Scorer length(RewardConfig.Length l) {
    try {
      return new LengthScorer(l.unit(), l.min(), l.max(), l.tolerance());
    } catch (IllegalArgumentException e) {
      throw invalid("reward.length.min/max/tolerance", e.getMessage());
    }
  }

  private static Scorer keywords(RewardConfig.Keywords k) {
    List<String> required = k.required().orElse(List.of());
    List<String> banned = k.banned().orElse(List.of());
    if (required.isEmpty() && banned.isEmpty()) {
      throw invalid(
          "reward.keywords.required",
          "the keywords scorer needs reward.keywords.required or reward.keywords.banned");
    }
    try {
      return new KeywordsScorer(required, banned);
    } catch (IllegalArgumentException e) {
      throw invalid("reward.keywords.required/banned", e.getMessage());
    }
  }

  private static RewardModel loadModel(Path path) {
    try {
      return RewardModel.load(path);
    } catch (IOException | RuntimeException e) {
      throw invalid("reward.reward-model.path", e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String property, String problem) {
    return new IllegalArgumentException("Invalid configuration: " + property + " " + problem);
  }
}
