package io.streamtune.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.ingest.clean.Fingerprints;
import io.streamtune.ingest.clean.MinHash;
import io.streamtune.ingest.config.IngestSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The de-duplication step alone, on a plain store: the near-duplicate index is derived state, so a
 * fresh processor on the same seen store (a restart, a moved partition) must find what the old one
 * kept, and the window bounds what is searched.
 */
class DedupProcessorTest {

  private static final String[] TEXTS = {
    "the coach said our striker scored a late goal in the cup final last night",
    "fresh bread and garlic soup from the oven tonight, with rosemary and sea salt",
    "the new laptop ships with a faster chip, a brighter screen and longer battery",
    "heavy rain and strong winds are expected along the coast through the weekend",
    "the keeper saved two penalties and the home crowd sang until the very end",
    "slow roasted lamb with lemon potatoes is the best sunday lunch there is",
  };

  private final KeyValueStore<String, Seen> store =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(IngestTopology.SEEN_STORE),
              Serdes.String(),
              new Seen.SeenSerde())
          .withLoggingDisabled()
          .build();

  /** Every admitted record goes to clean: the split is not what these tests look at. */
  private static final Map<String, String> NO_EVAL = Map.of("ingest.split.eval-fraction", "0");

  private long offset;
  private MockProcessorContext<String, Routed> current;

  @Test
  void aRestartedProcessorFindsNearDuplicatesOfWhatTheOldOneKept() {
    IngestSettings settings = IngestSettings.of(NO_EVAL);
    MockProcessorContext<String, Routed> first = context();
    DedupProcessor before = processor(settings, first);
    before.process(record(TEXTS[0], "sports"));
    assertEquals(Routed.Target.CLEAN, only(first).target());
    String keptId = only(first).clean().id();

    MockProcessorContext<String, Routed> second = context();
    DedupProcessor after = processor(settings, second); // nothing in memory, same store
    after.process(record(TEXTS[0] + " ok", "sports")); // another skeleton, MinHash-close
    Routed routed = only(second);
    assertEquals(Routed.Target.REJECTED, routed.target());
    assertEquals("near_duplicate", routed.rejected().reason());
    assertEquals(keptId, routed.rejected().collidedWith());

    second.resetForwards();
    after.process(record(TEXTS[0] + " ok!", "food")); // the same text with another label
    assertEquals("label_conflict", only(second).rejected().reason());
  }

  @Test
  void theWindowKeepsTheNewestInputsAlsoAfterARestart() {
    IngestSettings settings =
        IngestSettings.of(
            Map.of("ingest.dedup.near-window", "4", "ingest.split.eval-fraction", "0"));
    MockProcessorContext<String, Routed> ctx = context();
    DedupProcessor p = processor(settings, ctx);
    for (String text : TEXTS) {
      p.process(record(text, "tech"));
    }
    assertEquals(TEXTS.length, ctx.forwarded().size());
    ctx.resetForwards();
    // the oldest fell out of the 4-input window; its exact text is still remembered
    p.process(record(TEXTS[0] + " ok", "tech"));
    assertEquals(Routed.Target.CLEAN, only(ctx).target());
    ctx.resetForwards();
    p.process(record(TEXTS[0], "tech"));
    assertEquals("duplicate", only(ctx).rejected().reason());

    MockProcessorContext<String, Routed> restarted = context();
    DedupProcessor q = processor(settings, restarted);
    q.process(record(TEXTS[5] + " ok", "tech")); // the newest is in the rebuilt window
    assertEquals("near_duplicate", only(restarted).rejected().reason());
    restarted.resetForwards();
    q.process(record(TEXTS[1] + " ok", "tech")); // the second oldest is not
    assertNull(only(restarted).rejected());
  }

  private MockProcessorContext<String, Routed> context() {
    MockProcessorContext<String, Routed> ctx = new MockProcessorContext<>();
    if (!store.isOpen()) {
      store.init(ctx.getStateStoreContext(), store);
    }
    ctx.addStateStore(store);
    current = ctx;
    return ctx;
  }

  private static DedupProcessor processor(
      IngestSettings settings, MockProcessorContext<String, Routed> ctx) {
    DedupProcessor p = new DedupProcessor(settings, IngestListener.NONE);
    p.init(ctx);
    return p;
  }

  /**
   * A cleaned classification candidate, as the parse step hands it on; arriving one second apart on
   * the newest context's wall clock (the dedup step keeps arrival time).
   */
  private Record<String, Candidate> record(String text, String label) {
    long at = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + 1000 * offset;
    current.setCurrentSystemTimeMs(at);
    String key = Fingerprints.inputKey(text);
    Candidate c =
        new Candidate(
            key,
            Fingerprints.contentId(TaskKind.LABEL.name(), text, label),
            TaskKind.LABEL,
            text,
            label,
            new SourceRef("records.raw", 0, offset++),
            Instant.ofEpochMilli(at),
            List.of(),
            "{}",
            new MinHash(4).signature(Fingerprints.skeleton(text)));
    return new Record<>(key, c, at);
  }

  private static Routed only(MockProcessorContext<String, Routed> ctx) {
    assertEquals(1, ctx.forwarded().size(), "one decision per record");
    return ctx.forwarded().get(0).record().value();
  }
}
