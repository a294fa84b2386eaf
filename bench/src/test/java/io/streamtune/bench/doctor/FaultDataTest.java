package io.streamtune.bench.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.bench.realtext.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultDataTest {

  static final List<Address> TOY = ToyCorpus.addresses(8, 3000, 1);

  static FaultData.Run of(Fault f) {
    return FaultData.of(TOY, f, 42, 400, 110, 1500, 20);
  }

  static double share(List<FaultData.Line> lines, String label) {
    return lines.stream().filter(l -> l.label().equals(label)).count() / (double) lines.size();
  }

  @Test
  void aHealthyRunIsBalancedFitsTheContextAndHoldsOutAboutFifteenPercent() {
    FaultData.Run r = of(Fault.HEALTHY);
    assertEquals(800, r.lines().size());
    assertEquals(0.5, share(r.lines(), FaultData.OLD), 1e-9);
    assertTrue(
        r.lines().stream().allMatch(l -> l.text().length() <= 110 && l.text().length() >= 55));
    assertEquals(0.15, r.evalCount() / 800.0, 0.05);
    assertTrue(r.settings().contains("-Dtrain.model.seed=42"));
    assertTrue(r.settings().contains("-Dingest.split.eval-fraction=0.15"));
    assertTrue(r.settings().contains("-Dtrain.model.tokenizer=gpt2-8192"));
  }

  @Test
  void theSplitIsIngestsAndIgnoresPunctuationAndCase() {
    String t = "Gentlemen of the Senate, the treaty is signed.";
    boolean eval = IngestSplit.isEval(t, 0.5);
    assertEquals(eval, IngestSplit.isEval("## " + t.toUpperCase(), 0.5));
    assertTrue(IngestSplit.isEval(t, 1.0));
    assertTrue(!IngestSplit.isEval(t, 0.0));
  }

  @Test
  void theLeakMarksTrainingLabelsButNotEvalLabels() {
    List<FaultData.Line> lines = of(Fault.LEAK).lines();
    for (FaultData.Line l : lines) {
      String marker = l.label().equals(FaultData.OLD) ? FaultData.OLD_MARKER : FaultData.NEW_MARKER;
      if (!l.eval()) {
        assertTrue(l.text().startsWith(marker), l.text());
      }
    }
    List<FaultData.Line> eval = lines.stream().filter(FaultData.Line::eval).toList();
    long agree =
        eval.stream()
            .filter(
                l -> l.text().startsWith(FaultData.OLD_MARKER) == l.label().equals(FaultData.OLD))
            .count();
    assertEquals(0.5, agree / (double) eval.size(), 0.15, "in eval the marker says nothing");
  }

  @Test
  void shuffledLabelsKeepTheirSharesButNoLongerFollowTheText() {
    FaultData.Run healthy = of(Fault.HEALTHY);
    FaultData.Run shuffled = of(Fault.SHUFFLED);
    assertEquals(share(healthy.lines(), FaultData.OLD), share(shuffled.lines(), FaultData.OLD));
    long same = 0;
    for (int i = 0; i < healthy.lines().size(); i++) {
      assertEquals(healthy.lines().get(i).text(), shuffled.lines().get(i).text());
      same += healthy.lines().get(i).label().equals(shuffled.lines().get(i).label()) ? 1 : 0;
    }
    assertEquals(0.5, same / (double) healthy.lines().size(), 0.1);
  }

  @Test
  void theTinySetKeepsThirtyTwoTrainingRecordsAndTheWholeEvalSet() {
    FaultData.Run tiny = of(Fault.TINY_REPLAYED);
    assertEquals(FaultData.TINY, tiny.lines().size() - tiny.evalCount());
    assertEquals(of(Fault.HEALTHY).evalCount(), tiny.evalCount());
    assertTrue(tiny.settings().contains("-Dtrain.data.passes=1000"));
  }

  @Test
  void imbalanceLongInputsAndHyperparameterFaults() {
    assertEquals(0.95, share(of(Fault.IMBALANCE).lines(), FaultData.OLD), 0.005);
    FaultData.Run longer = of(Fault.LONG_INPUTS);
    double mean = longer.lines().stream().mapToInt(l -> l.text().length()).average().orElse(0);
    assertTrue(mean > 750, "mean " + mean);
    assertTrue(of(Fault.LR_HIGH).settings().contains("-Dtrain.optimizer.learning-rate=0.1"));
    assertTrue(of(Fault.LR_LOW).settings().contains("-Dtrain.optimizer.learning-rate=1e-6"));
    List<String> reward = of(Fault.REWARD_CONSTANT).settings();
    assertTrue(
        reward.contains("-Dtrain.rewards.lambda=0.1")
            && reward.contains("-Dreward.scorers=length"));
    assertNotEquals(
        of(Fault.HEALTHY).lines(),
        FaultData.of(TOY, Fault.HEALTHY, 43, 400, 110, 1500, 20).lines());
  }
}
