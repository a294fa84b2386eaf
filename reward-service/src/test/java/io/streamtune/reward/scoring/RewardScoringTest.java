package io.streamtune.reward.scoring;

import static io.streamtune.reward.scoring.Outputs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamtune.common.payload.ModelOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardScoringTest {

  static Scorer fixed(String name, double value) {
    return new Scorer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(ModelOutput output) {
        return value;
      }
    };
  }

  static Scorer throwing(String name, RuntimeException e) {
    return new Scorer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(ModelOutput output) {
        throw e;
      }
    };
  }

  @Test
  void rewardIsTheWeightedMeanAndComponentsAreEachScore() {
    RewardScoring scoring =
        new RewardScoring(
            List.of(
                new WeightedScorer(fixed("a", 1.0), 3),
                new WeightedScorer(fixed("b", 0.0), 1),
                new WeightedScorer(fixed("c", 0.5), 0)));
    RewardScoring.Scores s = scoring.score(output("p", "c", "r"));
    assertEquals(0.75, s.reward(), 1e-12);
    assertEquals(Map.of("a", 1.0, "b", 0.0, "c", 0.5), s.components());
    assertEquals(List.of("a", "b", "c"), List.copyOf(s.components().keySet()));
  }

  @Test
  void aThrowingScorerBecomesScorerFailedNamingIt() {
    RewardScoring scoring =
        new RewardScoring(
            List.of(
                new WeightedScorer(fixed("a", 1.0), 1),
                new WeightedScorer(throwing("boom", new IllegalStateException("kaput")), 1)));
    RejectException e =
        assertThrows(RejectException.class, () -> scoring.score(output("p", "c", "r")));
    assertEquals(RejectReason.SCORER_FAILED, e.reason());
    assertEquals("boom", e.scorer());
    assertEquals("scorer boom threw IllegalStateException: kaput", e.getMessage());
  }

  @Test
  void aMissingFieldIsMalformedOutputNamingFieldAndScorer() {
    RewardScoring scoring =
        new RewardScoring(List.of(new WeightedScorer(new LabelMatchScorer(), 1)));
    RejectException e =
        assertThrows(RejectException.class, () -> scoring.score(output("p", "c", null)));
    assertEquals(RejectReason.MALFORMED_OUTPUT, e.reason());
    assertEquals("field reference is missing (needed by scorer label_match)", e.getMessage());
  }

  @Test
  void outOfRangeOrNanScoresAreScorerFailures() {
    for (double bad : new double[] {Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY}) {
      RewardScoring scoring = new RewardScoring(List.of(new WeightedScorer(fixed("odd", bad), 1)));
      RejectException e =
          assertThrows(RejectException.class, () -> scoring.score(output("p", "c", "r")));
      assertEquals(RejectReason.SCORER_FAILED, e.reason());
      assertEquals("odd", e.scorer());
    }
  }

  @Test
  void refusesNoScorersAndAllZeroWeights() {
    assertThrows(IllegalArgumentException.class, () -> new RewardScoring(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewardScoring(List.of(new WeightedScorer(fixed("a", 1), 0))));
    assertThrows(IllegalArgumentException.class, () -> new WeightedScorer(fixed("a", 1), -1));
  }
}
