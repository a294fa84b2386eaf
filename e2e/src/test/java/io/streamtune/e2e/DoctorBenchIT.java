package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./streamtune bench doctor --quick} as a person runs it, so the scorecard command cannot
 * rot: two fresh Streamtunes of the benchmark's own (broker, ingest, trainer, reward, each its own
 * JVM), one with the learning rate ×100 and one healthy, on made-up addresses (no download); the
 * doctor read through GET /train/diagnosis; the three tables printed and written.
 */
class DoctorBenchIT {

  @TempDir Path home;

  @Test
  void theQuickScorecardTrainsBothRunsAndPrintsTheThreeTables() throws Exception {
    Path out = home.resolve("doctor");
    try (Launcher launcher = new Launcher(home)) {
      Launcher.Result r =
          launcher.run(
              900,
              "bench",
              "doctor",
              "--quick",
              "--steps",
              "30",
              // The step ends each run; the time limit only guards a stalled trainer.
              "--max-seconds",
              "300",
              "--home",
              out.toString());
      assertEquals(0, r.exitCode(), r.output());

      // Both runs trained at least to the step asked for, read through the diagnosis.
      Matcher m =
          Pattern.compile("(?m)^  (lr_x100|healthy) seed \\d+: (\\d+) steps").matcher(r.output());
      int runs = 0;
      while (m.find()) {
        runs++;
        assertTrue(Long.parseLong(m.group(2)) >= 30, m.group());
      }
      assertEquals(
          4, runs, "each run's line, once as it ends and once in the summary:\n" + r.output());

      String md = Files.readString(out.resolve("scorecard.md"));
      for (String title :
          List.of(
              "### The learning doctor",
              "### A doctor that names nothing",
              "### A doctor that names a random cause")) {
        assertTrue(md.contains(title), md);
      }
      assertTrue(md.contains("| lr_x100 | 1 |") && md.contains("| healthy | 1 |"), md);
      assertTrue(md.contains("false alarms on healthy runs: 0/1"), "the nothing doctor:\n" + md);
      assertTrue(
          r.output()
              .contains(
                  md.lines().filter(l -> l.startsWith("| lr_x100")).findFirst().orElseThrow()));
    }
  }
}
