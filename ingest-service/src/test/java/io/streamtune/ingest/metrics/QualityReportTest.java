package io.streamtune.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualityReportTest {

  @Test
  void conflictRateCapsAccuracyAndRareClassesAreNamed() {
    QualityStats s = new QualityStats();
    for (int i = 0; i < 85; i++) {
      s.add("clean", "none", i < 3 ? "spam" : "ham", 20);
    }
    for (int i = 0; i < 3; i++) {
      s.add("eval", "none", "ham", 20);
    }
    for (int i = 0; i < 12; i++) {
      s.add("rejected", "label_conflict", null, -1);
    }
    QualityReport r = QualityReport.of(s.snapshot());
    assertEquals(100, r.total());
    assertEquals(0.12, r.conflictRate(), 1e-9);
    assertEquals(0.88, r.accuracyCeiling(), 1e-9);
    assertTrue(
        r.warnings().stream()
            .anyMatch(
                w -> w.startsWith("12% of labelled texts conflict: no model can exceed ~88%")),
        r.warnings().toString());
    assertTrue(
        r.warnings().stream().anyMatch(w -> w.contains("class `spam` is 3.4%")),
        r.warnings().toString());
  }

  @Test
  void cleanDataHasNoWarningsAndEmptyDataSaysSo() {
    QualityStats s = new QualityStats();
    for (int i = 0; i < 40; i++) {
      s.add("clean", "none", i % 2 == 0 ? "a" : "b", 10);
    }
    assertEquals(0, QualityReport.of(s.snapshot()).warnings().size());
    assertEquals(1, QualityReport.of(new QualityStats().snapshot()).warnings().size());
  }
}
