package io.streamtune.train.data;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.train.training.TrainExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads records.clean on its own thread and assembles mini-batches ahead of the trainer into a
 * bounded queue, so the trainer never waits while data is available. When the queue is full the
 * consumer pauses its partitions (backpressure) and resumes once the trainer took a batch.
 *
 * <p>Partitions are assigned, not subscribed: one trainer owns the whole topic, starts where its
 * checkpoint says, and never commits offsets to Kafka.
 */
public final class Prefetcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Prefetcher.class);

  /** Assembly parameters; {@code batchSize} is read per batch so it can change at run time. */
  public record Options(
      IntSupplier batchSize,
      long maxWaitMs,
      int queueCapacity,
      long pollMs,
      String startFrom,
      int passes,
      int startPass) {}

  private final Map<Integer, Long> startOffsets;
  private final Options options;
  private final LabelSet labels;
  private final BlockingQueue<Batch> queue;
  private final LongAdder unusable = new LongAdder();
  private final LongAdder consumedRecords = new LongAdder();
  private volatile Map<Integer, Long> endOffsets = Map.of();
  private volatile Throwable failure;
  private final TopicReader reader;

  /**
   * @param startOffsets next offset per partition from the checkpoint; partitions it does not name
   *     start at {@code options.startFrom()}
   */
  public Prefetcher(
      Map<String, Object> kafkaConfig,
      Map<Integer, Long> startOffsets,
      Options options,
      LabelSet labels) {
    this.reader =
        new TopicReader(
            "train-prefetch",
            KafkaClients.consumer(kafkaConfig, "streamtune-train-prefetch"),
            this::loop,
            t -> {
              failure = t;
              LOG.error("records.clean prefetch stopped", t);
            });
    this.startOffsets = Map.copyOf(startOffsets);
    this.options = options;
    this.labels = labels;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
  }

  public void start() {
    reader.start();
  }

  /** The next batch, or null after {@code timeoutMs} without one. */
  public Batch poll(long timeoutMs) throws InterruptedException {
    return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** End offset per partition as last seen (refreshed about every second), for lag. */
  public Map<Integer, Long> endOffsets() {
    return endOffsets;
  }

  public long unusableRecords() {
    return unusable.sum();
  }

  public long consumedRecords() {
    return consumedRecords.sum();
  }

  public int queuedBatches() {
    return queue.size();
  }

  public boolean isAlive() {
    return reader.running() && failure == null;
  }

  private void loop(KafkaConsumer<String, byte[]> c, BooleanSupplier stopped)
      throws InterruptedException {
    List<TopicPartition> partitions = assign(c, stopped);
    // next: where reading continues once every record handed to a batch so far is trained.
    // cutAt: the same as of the last batch cut; a batch covers [cutAt, next) of each partition.
    Map<Integer, Long> next = positions(c, partitions);
    Map<Integer, Long> cutAt = new HashMap<>(next);
    // Each further pass over a bounded topic replays it from the beginning of every partition.
    Map<Integer, Long> passStart = new HashMap<>();
    c.beginningOffsets(partitions).forEach((tp, off) -> passStart.put(tp.partition(), off));
    LOG.infof("records.clean: starting at offsets %s", next);
    int pass = options.startPass();
    Partial partial = new Partial();
    ArrayDeque<Batch> ready = new ArrayDeque<>();
    long lastEndRefresh = 0;
    while (!stopped.getAsBoolean()) {
      // Hand finished batches over; a full queue pauses the consumer instead of buffering more.
      while (!ready.isEmpty() && queue.offer(ready.peek())) {
        ready.poll();
      }
      if (ready.isEmpty()) {
        c.resume(c.paused());
      } else {
        c.pause(partitions);
      }
      ConsumerRecords<String, byte[]> polled = c.poll(Duration.ofMillis(options.pollMs()));
      // The consumer's position is past every record this poll returned and past the transaction
      // markers behind them (ingest writes exactly-once: a marker takes an offset no record has).
      Map<Integer, Long> after = positions(c, partitions);
      Map<Integer, Long> lastInPoll = new HashMap<>();
      for (TopicPartition tp : polled.partitions()) {
        List<ConsumerRecord<String, byte[]>> rs = polled.records(tp);
        lastInPoll.put(tp.partition(), rs.get(rs.size() - 1).offset());
      }
      for (ConsumerRecord<String, byte[]> r : polled) {
        // A batch may end in the middle of this poll: after a record that is not the last of its
        // partition here, reading goes on at offset + 1 (the next record, or a marker the
        // consumer skips); after the last one, at the position, past the markers that follow it.
        boolean last = r.offset() == lastInPoll.get(r.partition());
        next.put(r.partition(), last ? after.get(r.partition()) : r.offset() + 1);
        consumedRecords.increment();
        partial.add(r, labels, unusable);
        if (partial.size() >= Math.max(1, options.batchSize().getAsInt())) {
          ready.add(partial.cut(next, cutAt, pass));
          partial = new Partial();
        }
      }
      // A partition without records in this poll may still have moved past a marker.
      next.putAll(after);
      // Read to the last end known, with a further pass due: nothing more comes before the replay.
      boolean passEnds = pass + 1 < options.passes() && caughtUp(next, endOffsets);
      if (partial.hasAny()) {
        // Low traffic: a partly filled batch goes out after max-wait, so learning never stalls; at
        // the end of a pass that another follows, at once.
        if (partial.ageMs() >= options.maxWaitMs() || passEnds) {
          ready.add(partial.cut(next, cutAt, pass));
          partial = new Partial();
        }
      } else if (!next.equals(cutAt)) {
        // Only markers since the last batch: an empty batch moves the offsets (and lag) past them.
        ready.add(partial.cut(next, cutAt, pass));
      }
      // End offsets are asked for once a second, and at once at the end of a pass another follows:
      // a tiny set replayed waits for no timer between passes.
      if (passEnds || System.currentTimeMillis() - lastEndRefresh > 1000) {
        lastEndRefresh = System.currentTimeMillis();
        Map<Integer, Long> ends = endOffsets(c, partitions);
        if (ends == null) {
          continue; // broker unreachable: keep reading (poll reconnects), ask again in a second
        }
        endOffsets = Map.copyOf(ends);
        // A bounded topic read to its end starts its next pass from the same start offsets.
        if (pass + 1 < options.passes() && !partial.hasAny() && caughtUp(next, ends)) {
          pass++;
          LOG.infof(
              "records.clean: pass %d of %d from offsets %s",
              pass + 1, options.passes(), passStart);
          passStart.forEach(
              (p, off) -> c.seek(new TopicPartition(Topics.RECORDS_CLEAN.name(), p), off));
          next.putAll(passStart);
          cutAt.putAll(passStart);
        }
      }
    }
  }

  /**
   * The end offset per partition, or null while the broker does not answer: a broker restart must
   * not stop the reader (the consumer reconnects on its own; only this call gives up).
   */
  private static Map<Integer, Long> endOffsets(
      KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
    Map<Integer, Long> ends = new HashMap<>();
    try {
      c.endOffsets(partitions, END_OFFSETS_TIMEOUT)
          .forEach((tp, off) -> ends.put(tp.partition(), off));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      LOG.warnf("records.clean end offsets unknown for now (%s); reading on", e.getMessage());
      return null;
    }
    return ends;
  }

  /** Short: the loop asks again each second, and a broker outage must not hold the reader. */
  private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

  /** The consumer's next offset per partition (read_committed: markers and aborts skipped). */
  private static Map<Integer, Long> positions(
      KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
    Map<Integer, Long> at = new HashMap<>();
    for (TopicPartition tp : partitions) {
      at.put(tp.partition(), c.position(tp));
    }
    return at;
  }

  private static boolean caughtUp(Map<Integer, Long> next, Map<Integer, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue())
        && ends.values().stream().anyMatch(v -> v > 0);
  }

  private List<TopicPartition> assign(KafkaConsumer<String, byte[]> c, BooleanSupplier stopped)
      throws InterruptedException {
    String topic = Topics.RECORDS_CLEAN.name();
    List<TopicPartition> tps = KafkaClients.partitions(c, topic, stopped);
    c.assign(tps);
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : tps) {
      Long off = startOffsets.get(tp.partition());
      if (off != null) {
        c.seek(tp, off);
      } else {
        fresh.add(tp);
      }
    }
    // Careful: an empty collection would mean "every assigned partition" to the consumer.
    if (fresh.isEmpty()) {
      return tps;
    }
    if (options.startFrom().equals("latest")) {
      c.seekToEnd(fresh);
    } else {
      c.seekToBeginning(fresh);
    }
    return tps;
  }

  @Override
  public void close() {
    reader.close();
  }

  /** A batch being filled. */
  private static final class Partial {
    private final List<TrainExample> examples = new ArrayList<>();
    private final List<Instant> arrived = new ArrayList<>();
    private final List<Batch.Consumed> consumed = new ArrayList<>();
    private long firstAt;

    void add(ConsumerRecord<String, byte[]> r, LabelSet labels, LongAdder unusable) {
      if (consumed.isEmpty()) {
        firstAt = System.currentTimeMillis();
      }
      CleanRecord clean = decode(r.value());
      Optional<TrainExample> ex = RecordConverter.toExample(clean);
      if (ex.isEmpty()) {
        unusable.increment();
        consumed.add(new Batch.Consumed(r.partition(), r.offset(), null));
        return;
      }
      RecordConverter.label(clean).ifPresent(labels::observe);
      examples.add(ex.get());
      arrived.add(clean.arrivedAt());
      consumed.add(new Batch.Consumed(r.partition(), r.offset(), ex.get().recordId()));
    }

    int size() {
      return examples.size();
    }

    boolean hasAny() {
      return !consumed.isEmpty();
    }

    long ageMs() {
      return System.currentTimeMillis() - firstAt;
    }

    /**
     * This batch, covering each partition from {@code cutAt} (where the previous batch ended) to
     * {@code next}; moves {@code cutAt} up to {@code next}.
     */
    Batch cut(Map<Integer, Long> next, Map<Integer, Long> cutAt, int pass) {
      List<Batch.Span> spans = new ArrayList<>();
      new TreeMap<>(next)
          .forEach(
              (p, to) -> {
                long from = cutAt.getOrDefault(p, to);
                if (from != to) {
                  spans.add(new Batch.Span(p, from, to));
                }
              });
      cutAt.putAll(next);
      return new Batch(
          List.copyOf(examples),
          java.util.Collections.unmodifiableList(new ArrayList<>(arrived)),
          List.copyOf(consumed),
          List.copyOf(spans),
          Map.copyOf(next),
          pass);
    }

    private static CleanRecord decode(byte[] value) {
      try {
        return Topics.RECORDS_CLEAN
            .valueSerde()
            .deserializer()
            .deserialize(Topics.RECORDS_CLEAN.name(), value);
      } catch (RuntimeException e) {
        return null; // malformed JSON: unusable, counted, never stops the stream
      }
    }
  }
}
