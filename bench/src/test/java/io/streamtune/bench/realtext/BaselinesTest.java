package io.streamtune.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.baseline.CharNgram;
import io.streamtune.common.baseline.NaiveBayes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void naiveBayesLearnsASeparableSetAndUsesBigrams() {
    List<Example> train =
        List.of(
            new Example("the striker scored a goal", "sports", "a"),
            new Example("a goal in the final minute", "sports", "a"),
            new Example("the keeper saved the penalty", "sports", "a"),
            new Example("simmer the sauce with garlic", "food", "b"),
            new Example("bake the bread until golden", "food", "b"),
            new Example("garlic bread with olive oil", "food", "b"));
    NaiveBayes nb = NaiveBayes.exact();
    train.forEach(e -> nb.add(e.input(), e.target()));
    assertEquals("sports", nb.predict("a late goal by the striker"));
    assertEquals("food", nb.predict("olive oil and garlic sauce"));
    assertEquals("sports", nb.predict("THE KEEPER, the penalty!"), "case and punctuation fold");
  }

  @Test
  void theNgramFindsARepeatedStringCheapAndRandomBytesDear() {
    List<Example> train = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      train.add(new Example("We the people", " of the United States.", "x"));
    }
    CharNgram model = CharNgram.exact(5);
    train.forEach(e -> model.add(e.input(), e.target()));
    int bytes = " of the United States.".length();
    double seen = model.loss("We the people", " of the United States.") / bytes;
    double unseen = model.loss("We the people", " qzx wvj kkpfh yyuoq.") / bytes;
    assertTrue(seen < 0.1, "nats/byte on the training string: " + seen);
    assertTrue(unseen > 2.0, "nats/byte on unseen bytes: " + unseen);
    assertTrue(Double.isFinite(unseen), "smoothing keeps unseen bytes possible");
  }

  @Test
  void labelScoresReportBalancedAccuracyAndRecall() {
    List<String> truth = List.of("a", "a", "a", "b");
    LabelScores majority = LabelScores.of(truth, List.of("a", "a", "a", "a"), List.of("a", "b"));
    assertEquals(0.75, majority.accuracy(), 1e-12);
    assertEquals(0.5, majority.balancedAccuracy(), 1e-12);
    assertEquals(Map.of("a", 1.0, "b", 0.0), majority.recall());
    assertEquals("b", LabelScores.minority(truth, List.of("a", "b")));
  }
}
