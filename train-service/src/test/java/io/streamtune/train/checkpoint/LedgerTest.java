package io.streamtune.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class LedgerTest {

  @Test
  void contiguousSpansMergeIntoOneRange() {
    Ledger l = new Ledger(Ledger.State.empty());
    for (long o = 0; o < 5; o++) {
      l.consumed(0, o, o + 1);
      l.trained("id" + o);
    }
    l.consumed(1, 3, 4); // skipped as unusable: consumed, not trained
    Ledger.State s = l.state();
    assertEquals(1, s.ranges().get(0).size());
    assertArrayEquals(new long[] {0, 5}, s.ranges().get(0).get(0));
    assertArrayEquals(new long[] {3, 4}, s.ranges().get(1).get(0));
    assertEquals(5, s.records());
  }

  @Test
  void spansOverTransactionMarkersStayOneRange() {
    // records at 0..2, a commit marker at 3, records at 4..5, a marker at 6: batches cut at the
    // consumer's positions cover the markers too
    Ledger l = new Ledger(Ledger.State.empty());
    l.consumed(0, 0, 2);
    l.consumed(0, 2, 4);
    l.consumed(0, 4, 7);
    l.consumed(0, 7, 7); // an empty span changes nothing
    assertEquals(1, l.state().ranges().get(0).size());
    assertArrayEquals(new long[] {0, 7}, l.state().ranges().get(0).get(0));
  }

  @Test
  void aReplayedOffsetShowsAsASecondRangeAndChangesTheHash() {
    Ledger once = new Ledger(Ledger.State.empty());
    Ledger twice = new Ledger(Ledger.State.empty());
    for (long o = 0; o < 4; o++) {
      once.consumed(0, o, o + 1);
      once.trained("id" + o);
      twice.consumed(0, o, o + 1);
      twice.trained("id" + o);
    }
    twice.consumed(0, 2, 3);
    twice.trained("id2");
    assertEquals(2, twice.state().ranges().get(0).size());
    assertNotEquals(once.state().idHashSum(), twice.state().idHashSum());
  }

  @Test
  void aSkippedOffsetShowsAsAGap() {
    Ledger l = new Ledger(Ledger.State.empty());
    l.consumed(0, 0, 3);
    l.consumed(0, 4, 6);
    assertEquals(2, l.state().ranges().get(0).size());
  }

  @Test
  void restoresFromItsState() {
    Ledger l = new Ledger(Ledger.State.empty());
    l.consumed(0, 0, 1);
    l.trained("a");
    Ledger resumed = new Ledger(l.state());
    resumed.consumed(0, 1, 2);
    resumed.trained("b");
    assertEquals(1, resumed.state().ranges().get(0).size());
    assertEquals(Ledger.idHash("a") + Ledger.idHash("b"), resumed.state().idHashSum());
  }
}
