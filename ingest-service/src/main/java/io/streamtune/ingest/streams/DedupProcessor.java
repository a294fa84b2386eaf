package io.streamtune.ingest.streams;

import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.ingest.clean.Fingerprints;
import io.streamtune.ingest.clean.MinHash;
import io.streamtune.ingest.clean.MinHashIndex;
import io.streamtune.ingest.clean.Reasons;
import io.streamtune.ingest.config.IngestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Step two, after repartitioning by cluster route: first one wins. An input already kept (same
 * skeleton, or MinHash-close within this partition, where its near variants meet) is rejected as
 * duplicate, near_duplicate or label_conflict, naming the kept record; a new one is remembered and
 * sent to clean or eval.
 *
 * <p>Decision: for label tasks a near duplicate (skeleton or MinHash) with a different target is a
 * {@code label_conflict}, not a near_duplicate: it is the same input labelled two ways. Generation
 * and chat records keyed on the pair ({@link IngestSettings#keysOnPair}) are duplicates only when
 * prompt and completion both match; another completion for a known prompt is admitted.
 *
 * <p>State: the seen store (changelogged) is the truth; the MinHash candidate index is derived from
 * it, held in memory and rebuilt from it whenever the task (re)starts.
 */
final class DedupProcessor implements Processor<String, Candidate, String, Routed> {

  /** The most inputs of one MinHash band bucket compared per record (bounds the work). */
  static final int BUCKET_CAP = 32;

  private final IngestSettings settings;
  private final IngestListener listener;
  private final MinHash minHash;
  private KeyValueStore<String, Seen> seen;
  private MinHashIndex index;
  private ProcessorContext<String, Routed> context;

  DedupProcessor(IngestSettings settings, IngestListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.minHash = new MinHash(settings.shingleSize());
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.seen = context.getStateStore(IngestTopology.SEEN_STORE);
    if (settings.nearEnabled()) {
      index = rebuildIndex();
    }
    long every = Math.max(1_000, Math.min(settings.retentionMs() / 4, 3_600_000));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  @Override
  public void process(Record<String, Candidate> record) {
    Candidate c = record.value();
    // retention runs on arrival time here, not the producer's timestamp: an export re-sent with
    // its old timestamps is still remembered for the whole retention after it first arrived
    long now = context.currentSystemTimeMs();
    Seen kept = live(seen.get(c.inputKey()), now);
    boolean pair = settings.keysOnPair(c.kind());
    if (kept != null) {
      String reason =
          kept.id().equals(c.id())
              ? Reasons.DUPLICATE
              : pair || kept.completion().equals(c.completion())
                  ? Reasons.NEAR_DUPLICATE
                  : Reasons.LABEL_CONFLICT;
      reject(record, c, reason, kept, "the same input was kept as " + kept.id());
      return;
    }
    int[] sig = c.signature();
    if (index != null) {
      if (sig.length != MinHash.LENGTH) { // a record sent before signatures travelled with it
        sig = minHash.signature(Fingerprints.skeleton(c.prompt()));
      }
      MinHashIndex.Probe probe = MinHashIndex.probe(sig);
      Match match = nearest(sig, probe, now, pair ? new Completion(c.completion()) : null);
      if (match != null) {
        String reason =
            pair || match.seen.completion().equals(c.completion())
                ? Reasons.NEAR_DUPLICATE
                : Reasons.LABEL_CONFLICT;
        String detail =
            String.format(
                "input is %.0f%% similar to kept %s", 100 * match.similarity, match.seen.id());
        reject(record, c, reason, match.seen, detail);
        return;
      }
      index.add(c.inputKey(), probe);
    }
    seen.put(c.inputKey(), new Seen(c.id(), c.completion(), now, sig));
    boolean eval = isEval(c, sig, pair);
    listener.onOutcome(
        eval ? IngestListener.EVAL : IngestListener.CLEAN,
        "none",
        c.kind() == io.streamtune.common.payload.TaskKind.LABEL ? c.completion() : null,
        c.prompt().length(),
        ParseProcessor.lag(record.timestamp()));
    context.forward(record.withKey(c.id()).withValue(Routed.admitted(eval, c.toClean())));
  }

  /**
   * The split follows the near-duplicate cluster ({@link MinHash#isEval}: the prompt's signature),
   * so a variant missed by the search usually still lands with its cluster (it shares the split
   * slot with probability J; a sketch cannot promise more); without MinHash it follows the prompt's
   * skeleton. Either way two completions of one prompt never straddle train and eval.
   */
  private boolean isEval(Candidate c, int[] sig, boolean pair) {
    if (sig.length == MinHash.LENGTH) {
      return MinHash.isEval(sig, settings.evalFraction());
    }
    String splitKey = pair ? Fingerprints.inputKey(c.prompt()) : c.inputKey();
    return Fingerprints.isEval(splitKey, settings.evalFraction());
  }

  private record Match(Seen seen, double similarity) {}

  /**
   * The closest kept input at or above the threshold. With {@code completion} set (generation and
   * chat records keyed on the pair), a kept input only matches when its completion is close too:
   * another answer to a known prompt is new data.
   */
  private Match nearest(int[] sig, MinHashIndex.Probe probe, long now, Completion completion) {
    Match best = null;
    for (String inputKey : index.candidates(probe, settings.nearThreshold())) {
      Seen s = live(seen.get(inputKey), now);
      if (s == null || s.signature().length != sig.length) {
        continue; // forgotten (retention), or kept while near-duplicate search was off
      }
      double sim = MinHash.similarity(sig, s.signature());
      if (sim >= settings.nearThreshold()
          && (best == null || sim > best.similarity)
          && (completion == null || completion.closeTo(s.completion()))) {
        best = new Match(s, sim);
      }
    }
    return best;
  }

  /**
   * A candidate's completion, compared with kept ones: the same skeleton, or MinHash-close at the
   * near-duplicate threshold. Its signature is computed only when a prompt matched.
   */
  private final class Completion {
    private final String skeleton;
    private int[] signature;

    Completion(String completion) {
      this.skeleton = Fingerprints.skeleton(completion);
    }

    boolean closeTo(String keptCompletion) {
      String other = Fingerprints.skeleton(keptCompletion);
      if (other.equals(skeleton)) {
        return true;
      }
      if (signature == null) {
        signature = minHash.signature(skeleton);
      }
      return MinHash.similarity(signature, minHash.signature(other)) >= settings.nearThreshold();
    }
  }

  /**
   * The candidate index of this partition from the seen store: its most recent {@code near-window}
   * inputs, oldest first, so the index's generations keep the newest.
   */
  private MinHashIndex rebuildIndex() {
    int window = settings.nearWindow();
    PriorityQueue<Recent> newest = new PriorityQueue<>(Comparator.comparingLong(Recent::seenAt));
    try (KeyValueIterator<String, Seen> it = seen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Seen> kv = it.next();
        if (kv.value.signature().length != MinHash.LENGTH) {
          continue;
        }
        newest.add(new Recent(kv.key, kv.value.seenAt(), kv.value.signature()));
        if (newest.size() > window) {
          newest.poll(); // the oldest of window + 1
        }
      }
    }
    MinHashIndex rebuilt = new MinHashIndex(window, BUCKET_CAP);
    while (!newest.isEmpty()) {
      Recent r = newest.poll();
      rebuilt.add(r.inputKey(), MinHashIndex.probe(r.signature()));
    }
    return rebuilt;
  }

  private record Recent(String inputKey, long seenAt, int[] signature) {}

  private void reject(
      Record<String, Candidate> record, Candidate c, String reason, Seen kept, String detail) {
    RejectedRecord r =
        new RejectedRecord(
            reason, detail, c.source(), c.originalText(), null, kept.id(), "ingest", Instant.now());
    listener.onOutcome(
        IngestListener.REJECTED, reason, null, -1, ParseProcessor.lag(record.timestamp()));
    context.forward(record.withKey(c.source().toString()).withValue(Routed.rejected(r)));
  }

  private Seen live(Seen s, long now) {
    return s != null && now - s.seenAt() <= settings.retentionMs() ? s : null;
  }

  /**
   * Forgets inputs that arrived longer than the retention ago (wall clock). Their index entries
   * stay until their generation is dropped, and no longer match: {@link #nearest} finds them gone
   * from the store.
   */
  private void purge(long horizon) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Seen> it = seen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Seen> kv = it.next();
        if (horizon - kv.value.seenAt() > settings.retentionMs()) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(seen::delete);
  }
}
