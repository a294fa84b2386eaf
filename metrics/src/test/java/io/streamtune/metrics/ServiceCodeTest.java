package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meter names and types read from sources, across the ways services register meters. */
class ServiceCodeTest {

  @Test
  void findsNamesAndTypesInTheWaysServicesRegisterMeters(@TempDir Path root) throws Exception {
    Path src = Files.createDirectories(root.resolve("train-service/src/main/java/x"));
    Files.writeString(
        src.resolve("Meters.java"),
        """
        class Meters {
          static final String LOSS = "streamtune.train.loss";
          Timer f(MeterRegistry r, Metrics metrics) {
            Gauge.builder(LOSS, this, a -> 1).register(r);
            r.counter("streamtune.train.samples");
            metrics.counter(
                "streamtune.train.rewards.used", "rewards used in a step", () -> 1);
            gauge("streamtune.train.lambda", Tags.empty(), m -> m.lambda);
            DistributionSummary.builder("streamtune.reward.score").register(r);
            FunctionCounter.builder("streamtune.train.rewards.stale", this, m -> 1).register(r);
            String notAMeter = "streamtune.api-key";
            return Timer.builder("streamtune.train.step").register(r);
          }
        }
        """);
    Path ignored = Files.createDirectories(root.resolve("metrics/src/main/java"));
    Files.writeString(
        ignored.resolve("M.java"), "class M { String s = \"streamtune.train.bogus\"; }");

    Map<String, String> types = new TreeMap<>();
    ServiceCode.declared(root).forEach((name, d) -> types.put(name, d.type()));
    assertEquals(
        Map.of(
            "streamtune.train.loss", "gauge",
            "streamtune.train.samples", "counter",
            "streamtune.train.rewards.used", "counter",
            "streamtune.train.lambda", "gauge",
            "streamtune.reward.score", "summary",
            "streamtune.train.rewards.stale", "counter",
            "streamtune.train.step", "timer"),
        types);
  }
}
