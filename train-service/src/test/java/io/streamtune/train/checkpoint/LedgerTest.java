package io.streamtune.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class LedgerTest {

  @Test
  void contiguousOffsetsMergeIntoOneRange() {
    Ledger l = new Ledger(Ledger.State.empty());
    for (long o = 0; o < 5; o++) {
      l.consumed(0, o, "id" + o);
    }
    l.consumed(1, 3, null); // skipped as unusable: consumed, not trained
    Ledger.State s = l.state();
    assertEquals(1, s.ranges().get(0).size());
    assertArrayEquals(new long[] {0, 5}, s.ranges().get(0).get(0));
    assertEquals(5, s.records());
  }

  @Test
  void aReplayedOffsetShowsAsASecondRangeAndChangesTheHash() {
    Ledger once = new Ledger(Ledger.State.empty());
    Ledger twice = new Ledger(Ledger.State.empty());
    for (long o = 0; o < 4; o++) {
      once.consumed(0, o, "id" + o);
      twice.consumed(0, o, "id" + o);
    }
    twice.consumed(0, 2, "id2");
    assertEquals(2, twice.state().ranges().get(0).size());
    assertNotEquals(once.state().idHashSum(), twice.state().idHashSum());
  }

  @Test
  void restoresFromItsState() {
    Ledger l = new Ledger(Ledger.State.empty());
    l.consumed(0, 0, "a");
    Ledger resumed = new Ledger(l.state());
    resumed.consumed(0, 1, "b");
    assertEquals(1, resumed.state().ranges().get(0).size());
    assertEquals(Ledger.idHash("a") + Ledger.idHash("b"), resumed.state().idHashSum());
  }
}
