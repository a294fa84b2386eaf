package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered benchmark runs through the launcher with its tiny arguments, exactly as the
 * README tells a new user to run it ({@code ./streamtune bench NAME}), so no benchmark command
 * rots. The launcher builds from source with {@code -am}: nothing is installed. The real-text
 * benchmark reads a small synthetic corpus written here (nothing is downloaded).
 */
class BenchCommandsIT {

  /** Benchmarks whose tiny run is an IT of its own, with checks of its output. */
  private static final Map<String, String> OWN_IT = Map.of("doctor", "DoctorBenchIT");

  @TempDir Path home;

  @TestFactory
  Stream<DynamicTest> everyBenchmarkRunsWithTinyArguments() throws Exception {
    Path corpora = TinyCorpus.write(home.resolve("corpora"));
    List<DynamicTest> tests = new ArrayList<>();
    BenchCommands.registered().entrySet().stream()
        .filter(b -> !OWN_IT.containsKey(b.getKey()))
        .forEach(
            b -> {
              String name = b.getKey();
              List<String> tiny = b.getValue();
              tests.add(
                  DynamicTest.dynamicTest(
                      name,
                      () -> {
                        Path state = Files.createDirectories(home.resolve(name));
                        try (Launcher launcher =
                            new Launcher(state).env("STREAMTUNE_CORPORA", corpora.toString())) {
                          List<String> args = new ArrayList<>(List.of("bench", name));
                          args.addAll(tiny);
                          Launcher.Result r = launcher.run(1500, args.toArray(String[]::new));
                          assertEquals(
                              0,
                              r.exitCode(),
                              () -> "./streamtune " + String.join(" ", args) + "\n" + r.output());
                        }
                      }));
            });
    return tests.stream();
  }
}
