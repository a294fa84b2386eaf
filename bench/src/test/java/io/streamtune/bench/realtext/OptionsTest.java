package io.streamtune.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.bench.run.CommonOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void defaultsAreTheLongRunAndEverySettingCanBeChanged() {
    Options d = Options.parse(new String[0], Map.of("STREAMTUNE_ROOT", "/repo"));
    assertEquals(15, d.minutes());
    assertEquals(List.of("label", "generation"), d.tasks());
    assertEquals(1000, d.heldOut());
    assertEquals(20, d.passes());
    assertEquals(Path.of("/repo/.streamtune-bench/out"), d.out());
    assertFalse(d.dryRun());

    Options o =
        Options.parse(
            new String[] {
              "--minutes",
              "2.5",
              "--task",
              "generation",
              "--heldout",
              "50",
              "--passes",
              "3",
              "--java-opts",
              "-Dtrain.model.context-length=256  -Dtrain.model.layers=4",
              "--dry-run"
            },
            Map.of(
                "STREAMTUNE_ROOT",
                "/repo",
                "STREAMTUNE_JAVA_OPTS",
                "-Dtrain.optimizer.batch-size=16"));
    assertEquals(2.5, o.minutes());
    assertEquals(List.of("generation"), o.tasks());
    assertEquals(3, o.passes());
    assertTrue(o.dryRun());
    assertEquals(
        List.of(
            "-Dtrain.model.context-length=256",
            "-Dtrain.model.layers=4",
            "-Dtrain.optimizer.batch-size=16"),
        o.javaOpts());
  }

  @Test
  void badOptionsSayWhatIsAllowed() {
    IllegalArgumentException task =
        assertThrows(
            IllegalArgumentException.class,
            () -> Options.parse(new String[] {"--task", "chat"}, Map.of()));
    assertTrue(task.getMessage().contains("label, generation or both"));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Options.parse(new String[] {"--minuets", "3"}, Map.of()));
    assertTrue(
        unknown.getMessage().contains("--minuets") && unknown.getMessage().contains("--minutes N"));
    assertThrows(
        IllegalArgumentException.class, () -> Options.parse(new String[] {"--minutes"}, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Options.parse(new String[] {"--minutes", "0"}, Map.of()));
  }

  @Test
  void helpIsTheUsage() {
    var help =
        assertThrows(
            CommonOptions.Usage.class, () -> Options.parse(new String[] {"--help"}, Map.of()));
    assertTrue(help.getMessage().contains("--heldout-share F"), help.getMessage());
    assertTrue(help.getMessage().contains("STREAMTUNE_{KAFKA,"), help.getMessage());
  }
}
