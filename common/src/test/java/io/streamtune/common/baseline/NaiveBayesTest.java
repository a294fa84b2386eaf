package io.streamtune.common.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveBayesTest {

  private static final List<String[]> TRAIN =
      List.of(
          new String[] {"the striker scored a goal", "sports"},
          new String[] {"a goal in the final minute", "sports"},
          new String[] {"the keeper saved the penalty", "sports"},
          new String[] {"simmer the sauce with garlic", "food"},
          new String[] {"bake the bread until golden", "food"},
          new String[] {"garlic bread with olive oil", "food"});

  @Test
  void wordFeaturesIgnoreCaseAndPunctuationAndPairNeighbours() {
    long[] a = NaiveBayes.features("Rain, tomorrow!");
    assertEquals(3, a.length); // two words and their pair
    assertArrayEquals(a, NaiveBayes.features("rain tomorrow"));
    assertEquals(5, NaiveBayes.features("Café ½ niño").length, "letters and numbers of any script");
    assertFalse(
        java.util.Arrays.equals(NaiveBayes.features("new york"), NaiveBayes.features("york new")),
        "the pair keeps its order");
  }

  @Test
  void exactAndHashedLearnASeparableSetAlike() {
    for (NaiveBayes nb : new NaiveBayes[] {NaiveBayes.exact(), NaiveBayes.hashed()}) {
      assertFalse(nb.usable(), "no labels yet");
      TRAIN.forEach(r -> nb.add(r[0], r[1]));
      assertTrue(nb.usable());
      assertEquals("sports", nb.predict("a late goal by the striker"));
      assertEquals("food", nb.predict("olive oil and garlic sauce"));
      assertEquals("sports", nb.predict("THE KEEPER, the penalty!"), "case and punctuation fold");
    }
  }

  @Test
  void hashedStopsLearningPastItsLabelLimit() {
    NaiveBayes nb = NaiveBayes.hashed();
    for (int i = 0; i <= NaiveBayes.MAX_LABELS; i++) {
      nb.add("text number " + i, "label" + i);
    }
    assertFalse(nb.usable(), "more labels than a bag-of-words yardstick judges");
    NaiveBayes exact = NaiveBayes.exact();
    for (int i = 0; i <= NaiveBayes.MAX_LABELS; i++) {
      exact.add("text number " + i, "label" + i);
    }
    assertTrue(exact.usable());
  }
}
