package io.streamtune.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The launcher's benchmark registry, as {@code ./streamtune bench --list} prints it. */
final class BenchCommands {

  private BenchCommands() {}

  /** Benchmark name → its tiny arguments, in registration order. */
  static Map<String, List<String>> registered() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(Repo.root().resolve("streamtune").toString(), "bench", "--list")
            .directory(Repo.root().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("./streamtune bench --list failed:\n" + out);
    }
    Map<String, List<String>> benchmarks = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] parts = line.split("\\|", 2);
      String tiny = parts.length > 1 ? parts[1].strip() : "";
      benchmarks.put(
          parts[0].strip(),
          tiny.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(tiny.split("\\s+"))));
    }
    return benchmarks;
  }
}
