package io.streamtune.ingest.streams;

import io.streamtune.common.Topics;
import io.streamtune.common.Utf8;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.ingest.clean.CleanResult;
import io.streamtune.ingest.clean.Fingerprints;
import io.streamtune.ingest.clean.MinHash;
import io.streamtune.ingest.clean.RawParser;
import io.streamtune.ingest.clean.RecordCleaner;
import io.streamtune.ingest.config.IngestSettings;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Step one, per raw record: parse defensively and clean. A good record goes on with its skeleton
 * key and MinHash signature, keyed by its near-duplicate cluster route, to be repartitioned; a bad
 * one is rejected here with its reason and source offset.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Routed> {

  private final IngestSettings settings;
  private final RecordCleaner cleaner;
  private final IngestListener listener;
  private final MinHash minHash;
  private ProcessorContext<String, Routed> context;

  ParseProcessor(IngestSettings settings, IngestListener listener) {
    this.settings = settings;
    this.cleaner = new RecordCleaner(settings);
    this.listener = listener;
    this.minHash = new MinHash(settings.shingleSize());
  }

  private static final int[] NO_SIGNATURE = new int[0];

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    SourceRef source = source();
    RawParser.Parsed parsed = RawParser.parse(record.value(), settings.maxRecordBytes());
    CleanResult result =
        parsed.reason() != null
            ? CleanResult.reject(parsed.reason(), parsed.detail())
            : cleaner.clean(parsed.object());
    if (result.rejected()) {
      RejectedRecord rejected =
          rejection(result.reason(), result.detail(), source, record.value(), parsed.text());
      listener.onOutcome(
          IngestListener.REJECTED, result.reason(), null, -1, lag(record.timestamp()));
      context.forward(record.withKey(source.toString()).withValue(Routed.rejected(rejected)));
      return;
    }
    // the skeleton once: it keys the exact check and feeds the MinHash signature
    String skeleton = Fingerprints.skeleton(result.prompt());
    String inputKey =
        settings.keysOnPair(result.kind())
            ? Fingerprints.pairKeyOfSkeleton(skeleton, result.completion())
            : Fingerprints.skeletonKey(skeleton, result.prompt());
    int[] signature = settings.nearEnabled() ? minHash.signature(skeleton) : NO_SIGNATURE;
    String id = Fingerprints.contentId(result.kind().name(), result.prompt(), result.completion());
    Candidate candidate =
        new Candidate(
            inputKey,
            id,
            result.kind(),
            result.prompt(),
            result.completion(),
            source,
            Instant.ofEpochMilli(record.timestamp()),
            result.rules(),
            parsed.text(),
            signature);
    // near variants meet by their cluster route; without MinHash, equal skeletons by their key
    String route = signature.length > 0 ? MinHash.route(signature) : inputKey;
    context.forward(record.withKey(route).withValue(Routed.dedup(candidate)));
  }

  private SourceRef source() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null
        ? new SourceRef(Topics.RECORDS_RAW.name(), -1, -1)
        : new SourceRef(m.topic(), m.partition(), m.offset());
  }

  static long lag(long timestamp) {
    return Math.max(0, System.currentTimeMillis() - timestamp);
  }

  /** The rejected record, keeping the original as text when it is UTF-8, else as base64. */
  static RejectedRecord rejection(
      String reason, String detail, SourceRef source, byte[] raw, String text) {
    String original = text;
    String base64 = null;
    if (original == null && raw != null) {
      original = Utf8.decodeStrict(raw);
      if (original == null) {
        base64 = Base64.getEncoder().encodeToString(raw);
      }
    }
    return new RejectedRecord(
        reason, abbreviate(detail), source, original, base64, null, "ingest", Instant.now());
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }
}
