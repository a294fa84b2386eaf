package io.streamtune.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A benchmark's state folder, emptied before each run; only folders it made itself. */
public final class BenchHome {

  private BenchHome() {}

  /**
   * Empties {@code home}, which only a benchmark writes (it holds our marker file), or creates it.
   *
   * @param madeBy the command, for the marker file and the refusal message
   */
  public static void fresh(Path home, String madeBy) throws IOException {
    Path marker = home.resolve(".streamtune-bench");
    if (Files.exists(home)) {
      if (!Files.exists(marker)) {
        throw new IllegalStateException(
            home + " exists and was not made by this benchmark; choose another --home");
      }
      try (var walk = Files.walk(home)) {
        walk.sorted(Comparator.reverseOrder())
            .filter(p -> !p.equals(home))
            .forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(home);
    Files.writeString(marker, "made by " + madeBy + "; emptied on each run\n");
  }
}
