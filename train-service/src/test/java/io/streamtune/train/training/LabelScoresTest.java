package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LabelScoresTest {

  @Test
  void alwaysAnsweringTheMajorityScoresTheMajorityShareAndHalfBalancedAccuracy() {
    LabelScores.Tally t = new LabelScores.Tally();
    for (int i = 0; i < 70; i++) {
      t.add("ham", "ham");
    }
    for (int i = 0; i < 30; i++) {
      t.add("spam", "ham");
    }
    LabelScores s = t.scores();
    assertEquals(0.7, s.majorityShare(), 1e-12);
    assertEquals(1.0, s.recall().get("ham"), 1e-12);
    assertEquals(0.0, s.recall().get("spam"), 1e-12);
    assertEquals(0.5, s.balancedAccuracy(), 1e-12);
    // F1(ham) = 2·0.7·1/1.7, F1(spam) = 0
    assertEquals((2 * 0.7 / 1.7) / 2, s.macroF1(), 1e-12);
    // one-vs-rest: "is it ham?" is right on the 70 ham records only
    assertEquals(0.7, s.accuracy().get("ham"), 1e-12);
    assertEquals(0.7, s.accuracy().get("spam"), 1e-12);
  }

  @Test
  void recallAndOneVsRestAccuracyOfAThreeLabelTable() {
    LabelScores.Tally t = new LabelScores.Tally();
    t.add("a", "a");
    t.add("a", "b");
    t.add("b", "b");
    t.add("c", "a");
    LabelScores s = t.scores();
    assertEquals(0.5, s.recall().get("a"), 1e-12);
    assertEquals(1.0, s.recall().get("b"), 1e-12);
    assertEquals(0.0, s.recall().get("c"), 1e-12);
    assertEquals(0.5, s.accuracy().get("a"), 1e-12); // wrong on (a→b) and (c→a)
    assertEquals(0.75, s.accuracy().get("b"), 1e-12); // wrong on (a→b)
    assertEquals(0.75, s.accuracy().get("c"), 1e-12); // wrong on (c→a)
    assertEquals(0.5, s.balancedAccuracy(), 1e-12);
    assertEquals(0.5, s.majorityShare(), 1e-12);
  }
}
