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

  @Test
  void recordsOfASkippedStepAreCountedApartAndNotAsTrained() throws Exception {
    Ledger l = new Ledger(Ledger.State.empty());
    l.consumed(0, 0, 2);
    l.trained("a");
    l.trained("b");
    l.consumed(0, 2, 4); // a non-finite step: consumed, left out of the weights
    l.skipped("c");
    l.skipped("d");
    Ledger.State s = l.state();
    assertEquals(2, s.records());
    assertEquals(Ledger.idHash("a") + Ledger.idHash("b"), s.idHashSum());
    assertEquals(2, s.skippedRecords());
    assertEquals(Ledger.idHash("c") + Ledger.idHash("d"), s.skippedIdHashSum());
    assertArrayEquals(new long[] {0, 4}, s.ranges().get(0).get(0), "consumed once, not replayed");
    // survives a checkpoint's JSON, and a checkpoint written before skips were counted reads 0
    Ledger.State back =
        io.streamtune.common.JsonSerde.MAPPER.readValue(
            io.streamtune.common.JsonSerde.MAPPER.writeValueAsBytes(s), Ledger.State.class);
    assertEquals(2, new Ledger(back).skippedRecords());
    Ledger.State old =
        io.streamtune.common.JsonSerde.MAPPER.readValue(
            "{\"ranges\":{},\"records\":5,\"idHashSum\":7}", Ledger.State.class);
    assertEquals(0, old.skippedRecords());
    assertEquals(5, old.records());
  }
}
