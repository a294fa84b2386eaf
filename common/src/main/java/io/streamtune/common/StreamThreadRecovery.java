package io.streamtune.common;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * What the Kafka Streams services (ingest, reward) do when a stream thread dies: log why and start
 * a new thread in its place, instead of Kafka Streams' default of shutting the whole client down.
 *
 * <p>Why replace: every record these topologies cannot use is routed to a rejected topic with a
 * reason, so a thread dies of its infrastructure, not of its input: a broker restart that outlasts
 * the producer's timeouts, a transaction the coordinator aborted, a fenced producer. Left to the
 * default, one long broker outage stops ingest for good while its HTTP endpoints stay up. Under
 * exactly-once the dead thread's open transaction is aborted and the new thread resumes from the
 * last commit, so a replacement repeats nothing downstream.
 *
 * <p>{@link #replaced()} counts replacements; each service exports the count under its own name
 * ({@code streamtune_ingest_stream_threads_replaced_total}, {@code
 * streamtune_reward_stream_threads_replaced_total}), so a thread that keeps dying shows.
 */
public final class StreamThreadRecovery implements StreamsUncaughtExceptionHandler {

  private static final System.Logger LOG = System.getLogger(StreamThreadRecovery.class.getName());

  private final AtomicLong replaced = new AtomicLong();

  /** A handler whose count is registered in {@code registry} as the counter {@code meter}. */
  public static StreamThreadRecovery registeredIn(MeterRegistry registry, String meter) {
    StreamThreadRecovery recovery = new StreamThreadRecovery();
    FunctionCounter.builder(meter, recovery, StreamThreadRecovery::replaced)
        .description("Kafka Streams threads that died and were replaced")
        .register(registry);
    return recovery;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    long n = replaced.incrementAndGet();
    LOG.log(
        System.Logger.Level.ERROR,
        "a Kafka Streams thread died; starting a new one in its place (replacement "
            + n
            + "). Its open transaction is aborted; the new thread resumes from the last commit.",
        exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** How many stream threads were replaced since start-up. */
  public long replaced() {
    return replaced.get();
  }
}
