package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's benchmark commands are launcher commands of registered benchmarks (which {@link
 * BenchCommandsIT} runs), never module-level Maven commands that need an installed build.
 */
class BenchCommandsTest {

  @Test
  void everyReadmeBenchmarkIsARegisteredLauncherCommand() throws Exception {
    String readme = Files.readString(Repo.root().resolve("README.md"));
    Set<String> registered = BenchCommands.registered().keySet();
    assertTrue(
        registered.containsAll(List.of("ingest", "train", "lora", "scoring", "real-text")),
        "registered: " + registered);
    Matcher bench = Pattern.compile("\\./streamtune bench ([a-z][a-z-]*)").matcher(readme);
    List<String> named = new ArrayList<>();
    while (bench.find()) {
      named.add(bench.group(1));
      assertTrue(
          registered.contains(bench.group(1)),
          "README names ./streamtune bench " + bench.group(1) + ", registered: " + registered);
    }
    assertTrue(named.containsAll(registered), "README lacks a command for some of " + registered);
    String section = readme.substring(readme.indexOf("## Benchmarks"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    List<String> mavenLines =
        section.lines().filter(l -> l.contains("./mvnw") && l.contains("-pl ")).toList();
    assertEquals(List.of(), mavenLines, "module-level Maven benchmark commands need an install");
  }
}
