package io.streamtune.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.kafka.LocalKafka;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.data.Batch;
import io.streamtune.train.data.LabelSet;
import io.streamtune.train.data.Prefetcher;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no *Test/*IT suffix: it runs only when asked):
 *
 * <pre>
 * ./mvnw -B -o -pl train-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=TrainThroughputBenchmark
 * </pre>
 *
 * Two identical trainers on the same thread, stepping in alternating chunks so machine noise hits
 * both alike: one takes batches from memory, the other from records.clean through the service's
 * {@link Prefetcher} (a real broker). Prints steps/s of each, their ratio (target ≥ 95%), tokens/s,
 * and achieved FLOP/s (≈ 6 × parameters × tokens/s) against a float32 matrix-multiply peak measured
 * in the same run. Figures go to target/benchmark.txt too.
 */
class TrainThroughputBenchmark {

  static final int BATCH = 32;
  static final int WARMUP = 10;

  /** Measured chunks and steps per chunk: -Dbench.chunks, -Dbench.chunk-steps. */
  static final int CHUNKS = Integer.getInteger("bench.chunks", 12);

  static final int CHUNK_STEPS = Integer.getInteger("bench.chunk-steps", 10);

  static TrainerSettings settings() {
    return TrainerSettings.builder().contextLength(64).loraDropout(0.0).warmupSteps(10).build();
  }

  @Test
  void streamingVersusInMemory() throws Exception {
    int steps = WARMUP + CHUNKS * CHUNK_STEPS;
    int records = steps * BATCH;
    Path dir = Files.createTempDirectory("bench-kafka");
    try (LocalKafka kafka = LocalKafka.startOnFreePorts(dir)) {
      TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(""), 60_000);
      TopicTaskFeed.send(kafka.clientConfig(), Topics.RECORDS_CLEAN, "b", 1, records);
      List<List<TrainExample>> memory = inMemoryBatches(steps);
      Prefetcher prefetcher =
          new Prefetcher(
              kafka.clientConfig(),
              Map.of(),
              new Prefetcher.Options(() -> BATCH, 500, 4, 100, "earliest", 1, 0),
              new LabelSet(Optional.empty()));
      try (OnlineTrainer inMemory = OnlineTrainer.create(settings());
          OnlineTrainer streaming = OnlineTrainer.create(settings());
          prefetcher) {
        prefetcher.start();
        long[] memNanos = {0};
        long[] streamNanos = {0};
        long[] tokens = {0, 0};
        int m = 0;
        for (int i = 0; i < WARMUP; i++) {
          inMemory.step(memory.get(m++), List.of());
          streaming.step(next(prefetcher), List.of());
        }
        for (int c = 0; c < CHUNKS; c++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < CHUNK_STEPS; i++) {
            tokens[0] += inMemory.step(memory.get(m++), List.of()).tokens();
          }
          long t1 = System.nanoTime();
          for (int i = 0; i < CHUNK_STEPS; i++) {
            // The streaming trainer's whole cost: waiting for the prefetched batch, then the step.
            StepStats s = streaming.step(next(prefetcher), List.of());
            tokens[1] += s.tokens();
          }
          long t2 = System.nanoTime();
          memNanos[0] += t1 - t0;
          streamNanos[0] += t2 - t1;
        }
        int measured = CHUNKS * CHUNK_STEPS;
        double memSps = measured / (memNanos[0] / 1e9);
        double streamSps = measured / (streamNanos[0] / 1e9);
        double memTps = tokens[0] / (memNanos[0] / 1e9);
        double streamTps = tokens[1] / (streamNanos[0] / 1e9);
        double achieved = 6.0 * streaming.trainableParameterCount() * streamTps;
        double peak = matmulPeak();
        String report =
            String.format(
                "device %s, %d parameters (%d trainable), batch %d, %d measured steps each%n"
                    + "in-memory:  %.2f steps/s, %.0f tokens/s%n"
                    + "streaming:  %.2f steps/s, %.0f tokens/s%n"
                    + "ratio streaming/in-memory: %.1f%%%n"
                    + "achieved ≈ %.2f GFLOP/s (6 x trainable params x tokens/s) vs matmul peak %.2f GFLOP/s = %.1f%%%n",
                streaming.device(),
                streaming.parameterCount(),
                streaming.trainableParameterCount(),
                BATCH,
                measured,
                memSps,
                memTps,
                streamSps,
                streamTps,
                100 * streamSps / memSps,
                achieved / 1e9,
                peak / 1e9,
                100 * achieved / peak);
        System.out.println("=== train throughput benchmark ===\n" + report);
        Files.writeString(Path.of("target/benchmark.txt"), report);
        assertTrue(memSps > 0 && streamSps > 0);
      }
    }
  }

  private static List<TrainExample> next(Prefetcher p) throws InterruptedException {
    Batch b;
    do {
      b = p.poll(1000);
    } while (b == null);
    return b.examples();
  }

  private static List<List<TrainExample>> inMemoryBatches(int steps) {
    TopicTask task = new TopicTask(1);
    List<List<TrainExample>> batches = new ArrayList<>();
    int id = 0;
    for (int s = 0; s < steps; s++) {
      List<TrainExample> b = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        TopicTask.Example e = task.next();
        b.add(new TrainExample("m-" + id++, TaskKind.LABEL, e.text(), e.label()));
      }
      batches.add(b);
    }
    return batches;
  }

  /** float32 matmul FLOP/s on the same engine and device: 2·n³ per n×n product. */
  private static double matmulPeak() {
    int n = 512;
    int reps = 30;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      for (int i = 0; i < 5; i++) {
        a.matMul(b).close();
      }
      double best = 0;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          NDArray c = a.matMul(b);
          c.toFloatArray(); // force completion on asynchronous devices
          c.close();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        best = Math.max(best, reps * 2.0 * n * n * n / secs);
      }
      return best;
    }
  }
}
