package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.sample.MessyStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's --demo hands ingest exactly the labels and spellings the demo stream uses. */
class LauncherDemoConfigTest {

  @Test
  void demoLabelsAndAliasesMatchTheSampleStream() throws IOException {
    List<String> lines = Files.readAllLines(Repo.root().resolve("streamtune"));
    assertEquals(MessyStream.DEMO_LABELS, value(lines, "DEMO_LABELS="));
    assertEquals(MessyStream.DEMO_ALIASES, value(lines, "DEMO_ALIASES="));
  }

  private static String value(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("streamtune has no line " + prefix));
  }
}
