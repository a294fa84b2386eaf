package io.streamtune.train.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithDefault;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The config defaults, the plain defaults the unit tests use, and the quality parser agree. */
class DoctorConfigTest {

  @Test
  void everyDetectDefaultEqualsThresholdsDefaults() throws Exception {
    Thresholds t = Thresholds.defaults();
    RecordComponent[] components = Thresholds.class.getRecordComponents();
    assertEquals(DoctorConfig.Detect.class.getDeclaredMethods().length, components.length);
    for (RecordComponent c : components) {
      Method m = DoctorConfig.Detect.class.getMethod(c.getName());
      WithDefault d = m.getAnnotation(WithDefault.class);
      assertNotNull(d, c.getName() + " has no @WithDefault");
      assertEquals(
          Double.parseDouble(d.value()),
          ((Number) c.getAccessor().invoke(t)).doubleValue(),
          0.0,
          c.getName());
    }
  }

  @Test
  void everyActDefaultEqualsActSettingsDefaults() throws Exception {
    ActSettings a = ActSettings.defaults();
    for (RecordComponent c : ActSettings.class.getRecordComponents()) {
      WithDefault d =
          DoctorConfig.Act.class.getMethod(c.getName()).getAnnotation(WithDefault.class);
      assertEquals(d.value(), String.valueOf(c.getAccessor().invoke(a)), c.getName());
    }
  }

  @Test
  void theDefaultsAreValidAndTheStubReadsThem() {
    DoctorConfig c = ConfigStub.of(Map.of());
    assertEquals(List.of(), DoctorSettingsCheck.problems(c));
    assertEquals(Thresholds.defaults(), c.thresholds());
    assertEquals(ActSettings.defaults(), c.actions());
  }

  @Test
  void invalidSettingsFailNamingThePropertyAndTheAllowedValues() {
    DoctorConfig c =
        ConfigStub.of(
            Map.of(
                "act.lr-cut-factor", "0",
                "detect.window-steps", "5",
                "quality.url", "ftp://x",
                "detect.reward-recover-spread", "1e-9"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DoctorSettingsCheck.check(c));
    assertTrue(
        e.getMessage().contains("train.doctor.act.lr-cut-factor=0.0: must be in (0, 1]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("train.doctor.detect.window-steps=5: must be >= 10"));
    assertTrue(e.getMessage().contains("train.doctor.quality.url=ftp://x: must be an http(s) URL"));
    assertTrue(e.getMessage().contains("train.doctor.detect.reward-recover-spread must be >="));
  }

  @Test
  void parsesTheIngestQualityReport() {
    String json =
        """
        {"scope":"this instance","total":1200,
         "outcomes":{"clean":800,"eval":50,"rejected":350},
         "reasons":{"blank":40,"duplicate":120,"near_duplicate":60,"label_conflict":130},
         "labels":{"sports":500,"food":300,"tech":40,"weather":10},
         "meanPromptChars":42.0,"duplicateRate":0.1552,"conflictRate":0.1121,
         "accuracyCeiling":0.8879,"warnings":["..."]}
        """;
    QualitySnapshot q = QualityClient.parse(json).orElseThrow();
    assertEquals(800 + 50 + 120 + 60 + 130, q.validated());
    assertEquals(0.1552, q.duplicateRate());
    assertEquals(0.1121, q.conflictRate());
    assertEquals(50.0, q.imbalanceRatio());
  }

  @Test
  void garbageFromTheQualityEndpointIsNoAnswer() {
    assertEquals(Optional.empty(), QualityClient.parse("<html>502</html>"));
    assertEquals(Optional.empty(), QualityClient.parse("[1,2]"));
    assertEquals(Optional.empty(), QualityClient.parse("{\"total\":3}"));
    assertEquals(Optional.empty(), QualityClient.parse(""));
  }

  @Test
  void anUnreachableIngestServiceIsNoAnswerNotAnError() {
    QualityClient c =
        new QualityClient(
            "http://127.0.0.1:1/quality",
            () -> {
              throw new ProcessingException(new ConnectException("Connection refused"));
            });
    // constructed by hand there is no @Fallback around the call: it fails, and the fallback
    // method is what the bean answers instead (DoctorServiceIT goes through the real one)
    RuntimeException down = assertThrows(RuntimeException.class, c::report);
    QualityClient.Report r = c.unanswered(down);
    assertNull(r.json());
    assertTrue(r.problem().contains("http://127.0.0.1:1/quality cannot be reached"), r.problem());
    assertTrue(r.problem().contains("Connection refused"), r.problem());
    assertEquals(
        "the ingest service at http://127.0.0.1:1/quality answered 503",
        c.unanswered(new WebApplicationException(503)).problem());
  }
}
