package io.streamtune.bench.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorOptionsTest {

  static final Map<String, String> ENV = Map.of("STREAMTUNE_ROOT", "/repo");

  @Test
  void defaultsRunEveryFaultAndThreeHealthySeeds() {
    DoctorOptions d = DoctorOptions.parse(new String[0], ENV);
    assertEquals(Fault.injected(), d.faults());
    assertEquals(8, d.faults().size());
    assertEquals(3, d.healthy());
    assertEquals(400, d.steps());
    assertFalse(d.toy());
    assertEquals(Path.of("/repo/.streamtune-bench/doctor"), d.home());
  }

  @Test
  void quickIsOneFaultAndOneHealthyRunOnToyDataAndLaterFlagsWin() {
    DoctorOptions q = DoctorOptions.parse(new String[] {"--quick", "--steps", "25"}, ENV);
    assertTrue(q.toy());
    assertEquals(List.of(Fault.LR_HIGH), q.faults());
    assertEquals(1, q.healthy());
    assertEquals(25, q.steps());
    assertEquals(40, DoctorOptions.parse(new String[] {"--steps", "25", "--quick"}, ENV).steps());
    DoctorOptions f =
        DoctorOptions.parse(
            new String[] {"--faults", "label_leak,lr_div1000", "--healthy", "0"}, ENV);
    assertEquals(List.of(Fault.LEAK, Fault.LR_LOW), f.faults());
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DoctorOptions.parse(new String[] {"--faults", "gremlins"}, ENV));
    assertTrue(e.getMessage().contains("gremlins") && e.getMessage().contains("lr_x100"));
    assertThrows(
        IllegalArgumentException.class,
        () -> DoctorOptions.parse(new String[] {"--long-chars", "50"}, ENV));
    assertThrows(
        IllegalArgumentException.class, () -> DoctorOptions.parse(new String[] {"--steps"}, ENV));
  }

  @Test
  void aDiagnosisIsReadIntoFindingsAndActionsOnce() throws Exception {
    String json =
        """
        {"enabled":true,"step":120,"healthy":false,
         "active":[{"cause":"lr_too_high","sinceStep":30}],
         "history":[{"cause":"lr_too_high","sinceStep":30},{"cause":"batch_too_noisy","sinceStep":10}],
         "actions":[{"action":"rollback","cause":"lr_too_high","step":30,"at":"2026-12-02T01:00:00Z"}]}
        """;
    var d = new ObjectMapper().readTree(json);
    Map<String, RunResult.Named> named = new LinkedHashMap<>();
    Map<String, RunResult.Taken> taken = new LinkedHashMap<>();
    assertEquals(120, DoctorBenchmark.read(d, named, taken));
    assertEquals(120, DoctorBenchmark.read(d, named, taken)); // read again: nothing doubles
    assertEquals(
        List.of(new RunResult.Named("lr_too_high", 30), new RunResult.Named("batch_too_noisy", 10)),
        List.copyOf(named.values()));
    assertEquals(
        List.of(new RunResult.Taken("rollback", "lr_too_high", 30)), List.copyOf(taken.values()));
  }

  @Test
  void helpIsTheUsageWithEveryFaultAndAnUnknownOptionIsNamed() {
    var help =
        assertThrows(
            io.streamtune.bench.run.CommonOptions.Usage.class,
            () -> DoctorOptions.parse(new String[] {"--help"}, ENV));
    assertTrue(help.getMessage().contains("--max-seconds S"), help.getMessage());
    assertTrue(help.getMessage().contains("lr_x100"), help.getMessage());
    var unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> DoctorOptions.parse(new String[] {"--quik"}, ENV));
    assertTrue(unknown.getMessage().contains("'--quik'"), unknown.getMessage());
    var notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> DoctorOptions.parse(new String[] {"--steps", "many"}, ENV));
    assertTrue(notANumber.getMessage().contains("--steps"), notANumber.getMessage());
  }
}
