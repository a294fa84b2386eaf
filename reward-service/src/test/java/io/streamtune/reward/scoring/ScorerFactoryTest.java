package io.streamtune.reward.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.reward.config.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerFactoryTest {

  static String failure(Map<String, String> props) {
    return assertThrows(
            IllegalArgumentException.class, () -> ScorerFactory.build(Configs.reward(props)))
        .getMessage();
  }

  @Test
  void defaultsRunLabelMatchAndLengthWithRewardModelOff() {
    ScorerFactory.Built built = ScorerFactory.build(Configs.reward(Map.of()));
    assertEquals(
        java.util.List.of("label_match", "length"),
        built.scoring().scorers().stream().map(w -> w.scorer().name()).toList());
    assertTrue(built.rewardModel().isEmpty());
  }

  @Test
  void allScorersWithTheirSettings(@TempDir Path dir) throws Exception {
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, "{\"type\": \"object\"}");
    ScorerFactory.Built built =
        ScorerFactory.build(
            Configs.reward(
                Map.of(
                    "reward.scorers", "keywords,format,length",
                    "reward.keywords.required", "sports,food",
                    "reward.keywords.weight", "2",
                    "reward.format.json-schema", schema.toString(),
                    "reward.length.unit", "tokens")));
    assertEquals(3, built.scoring().scorers().size());
    assertEquals(2.0, built.scoring().scorers().get(0).weight());
    RewardScoring.Scores s = built.scoring().score(Outputs.completion("{\"sports\": 1}"));
    assertEquals(Map.of("keywords", 0.5, "format", 1.0, "length", 1.0), s.components());
    assertEquals((2 * 0.5 + 1 + 1) / 4, s.reward(), 1e-12);
  }

  @Test
  void unknownScorerNamesThePropertyAndTheAllowedValues() {
    String m = failure(Map.of("reward.scorers", "label_match,lenght"));
    assertTrue(m.contains("reward.scorers") && m.contains("'lenght'"), m);
    assertTrue(m.contains("label_match, format, length, keywords, reward_model"), m);
  }

  @Test
  void badRegexNamesTheProperty() {
    String m = failure(Map.of("reward.scorers", "format", "reward.format.regex", "(unclosed"));
    assertTrue(m.startsWith("Invalid configuration: reward.format.regex is not a valid"), m);
  }

  @Test
  void badSchemaNamesTheProperty() {
    String m =
        failure(Map.of("reward.scorers", "format", "reward.format.json-schema", "{\"type\": 3}"));
    assertTrue(m.contains("reward.format.json-schema"), m);
    m = failure(Map.of("reward.scorers", "format", "reward.format.json-schema", "/no/such/file"));
    assertTrue(m.contains("reward.format.json-schema") && m.contains("/no/such/file"), m);
  }

  @Test
  void scorersMissingTheirSettingsAreRefused() {
    assertTrue(failure(Map.of("reward.scorers", "format")).contains("reward.format.regex"));
    assertTrue(failure(Map.of("reward.scorers", "keywords")).contains("reward.keywords.required"));
    assertTrue(
        failure(
                Map.of(
                    "reward.scorers", "length", "reward.length.min", "9", "reward.length.max", "3"))
            .contains("reward.length"));
  }

  @Test
  void weightsMustBeNonNegativeAndNotAllZero() {
    assertTrue(
        failure(Map.of("reward.label-match.weight", "-1")).contains("reward.label-match.weight"));
    assertTrue(
        failure(Map.of("reward.label-match.weight", "0", "reward.length.weight", "0"))
            .contains("weights must not all be 0"));
  }

  @Test
  void aMissingRewardModelFolderNamesThePath(@TempDir Path dir) {
    String m = failure(Map.of("reward.reward-model.path", dir.resolve("nothing").toString()));
    assertTrue(m.contains("reward.reward-model.path") && m.contains("nothing"), m);
  }

  @Test
  void listedTwiceIsRefused() {
    assertTrue(failure(Map.of("reward.scorers", "length,length")).contains("listed twice"));
  }

  @Test
  void anUnknownLengthUnitFailsNamingTheProperty() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> Configs.reward(Map.of("reward.length.unit", "bytes")));
    assertTrue(e.getMessage().contains("reward.length.unit"), e.getMessage());
  }
}
