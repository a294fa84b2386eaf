package io.streamtune.ingest.streams;

import io.streamtune.common.Topics;
import io.streamtune.ingest.config.IngestSettings;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest topology, as one pure function of the settings:
 *
 * <pre>
 * records.raw ─► parse+clean ─┬─► records.rejected            (malformed, blank, unknown_label …)
 *                             └─► repartition by cluster route ─► dedup ─┬─► records.clean
 *                                                                        ├─► records.eval
 *                                                                        └─► records.rejected
 * </pre>
 *
 * Every outcome is also tallied per task and published to {@code ingest.quality}, which every
 * instance reads back as a global table: the application-wide {@code /quality}.
 *
 * <p>Every input ends in exactly one of clean, eval, rejected. The route is a MinHash minimum over
 * long shingles (see {@link io.streamtune.ingest.clean.MinHash#route}): equal skeletons and most
 * near variants meet on one partition, and the split follows the same signature, so a cluster stays
 * on one side. The seen store is persistent (RocksDB) and changelogged, so it survives restarts and
 * moves with its partition; the near-duplicate index is rebuilt from it in memory.
 */
public final class IngestTopology {

  /** input key → the kept record (id, target, time, MinHash signature). */
  public static final String SEEN_STORE = "ingest-seen";

  /** This task's quality counters (counter name → count), changelogged. */
  public static final String QUALITY_STORE = "ingest-quality";

  /**
   * Every instance's copy of {@code ingest.quality}: every task's counters, the whole application's
   * numbers ({@code <partition>|<counter>} → count), queryable on any instance.
   */
  public static final String QUALITY_TABLE = "ingest-quality-all";

  /**
   * Name of the repartition step (topic {@code <application.id>-ingest-by-input-repartition}),
   * keyed by cluster route since the near-duplicate fix; the name stays so an upgrade reads the
   * records in flight.
   */
  public static final String REPARTITION = "ingest-by-input";

  private IngestTopology() {}

  public static Topology build(IngestSettings settings) {
    return build(settings, IngestListener.NONE);
  }

  public static Topology build(IngestSettings settings, IngestListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                store(settings, SEEN_STORE), Serdes.String(), new Seen.SeenSerde())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(store(settings, QUALITY_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()));
    builder.globalTable(
        Topics.INGEST_QUALITY.name(),
        Consumed.with(Topics.INGEST_QUALITY.keySerde(), Topics.INGEST_QUALITY.valueSerde())
            .withName("ingest-quality-read"),
        Materialized.<String, Long>as(Stores.inMemoryKeyValueStore(QUALITY_TABLE))
            .withKeySerde(Topics.INGEST_QUALITY.keySerde())
            .withValueSerde(Topics.INGEST_QUALITY.valueSerde()));

    KStream<String, Routed> parsed =
        builder.stream(
                Topics.RECORDS_RAW.name(),
                Consumed.with(Topics.RECORDS_RAW.keySerde(), Topics.RECORDS_RAW.valueSerde())
                    .withName("ingest-raw"))
            .process(() -> new ParseProcessor(settings, listener), Named.as("ingest-parse"));

    KStream<String, Routed> decided =
        parsed
            .filter((k, v) -> v.target() == Routed.Target.DEDUP, Named.as("ingest-candidates"))
            .mapValues(Routed::candidate, Named.as("ingest-candidate"))
            .repartition(
                Repartitioned.with(Serdes.String(), new CandidateSerde()).withName(REPARTITION))
            .process(
                () -> new DedupProcessor(settings, listener), Named.as("ingest-dedup"), SEEN_STORE);

    KStream<String, Routed> outcomes =
        parsed
            .filter((k, v) -> v.target() == Routed.Target.REJECTED, Named.as("ingest-bad"))
            .merge(decided, Named.as("ingest-decided"));
    outcomes
        .process(QualityProcessor::new, Named.as("ingest-quality-tally"), QUALITY_STORE)
        .to(
            Topics.INGEST_QUALITY.name(),
            Produced.with(Topics.INGEST_QUALITY.keySerde(), Topics.INGEST_QUALITY.valueSerde())
                .withName("ingest-quality-publish"));
    outcomes
        .split(Named.as("ingest-to-"))
        .branch(
            (k, v) -> v.target() == Routed.Target.CLEAN,
            Branched.withConsumer(
                s ->
                    s.mapValues(Routed::clean)
                        .to(
                            Topics.RECORDS_CLEAN.name(),
                            Produced.with(
                                Topics.RECORDS_CLEAN.keySerde(),
                                Topics.RECORDS_CLEAN.valueSerde())),
                "clean"))
        .branch(
            (k, v) -> v.target() == Routed.Target.EVAL,
            Branched.withConsumer(
                s ->
                    s.mapValues(Routed::clean)
                        .to(
                            Topics.RECORDS_EVAL.name(),
                            Produced.with(
                                Topics.RECORDS_EVAL.keySerde(), Topics.RECORDS_EVAL.valueSerde())),
                "eval"))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.mapValues(Routed::rejected)
                        .to(
                            Topics.RECORDS_REJECTED.name(),
                            Produced.with(
                                Topics.RECORDS_REJECTED.keySerde(),
                                Topics.RECORDS_REJECTED.valueSerde())),
                "rejected"));
    return builder.build();
  }

  private static KeyValueBytesStoreSupplier store(IngestSettings settings, String name) {
    return settings.persistentStore()
        ? Stores.persistentKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
  }
}
