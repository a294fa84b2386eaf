package io.streamtune.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

  @Test
  void defaultsAreValidAndAdmitAnyLabel() {
    IngestSettings d = IngestSettings.defaults();
    assertTrue(d.anyLabel(), "a first run on a new labelled stream admits its records");
    assertTrue(d.aliases().isEmpty());
    IngestSettings demo = IngestSettings.of(io.streamtune.sample.MessyStream.demoIngestConfig());
    assertEquals(Set.of("sports", "food", "tech", "weather"), demo.allowedLabels());
    assertEquals("sports", demo.aliases().get("soccer"));
    assertEquals(0.05, d.evalFraction());
    assertTrue(d.persistentStore());
    assertFalse(d.truncate());
    assertTrue(d.keysOnPair(io.streamtune.common.payload.TaskKind.GENERATION));
    assertFalse(d.keysOnPair(io.streamtune.common.payload.TaskKind.LABEL));
  }

  @Test
  void starAllowsAnyLabel() {
    assertTrue(
        IngestSettings.of(
                Map.of("ingest.labels.allowed", "*", "ingest.labels.aliases", "pos=positive"))
            .anyLabel());
  }

  @Test
  void badValuesFailNamingThePropertyAndTheAllowedValues() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("ingest.mapping.format", "xml"),
            Map.entry("ingest.limits.overflow", "drop"),
            Map.entry("ingest.split.eval-fraction", "1.5"),
            Map.entry("ingest.dedup.near-threshold", "0"),
            Map.entry("ingest.dedup.shingle-size", "0"),
            Map.entry("ingest.dedup.retention", "PT0S"),
            Map.entry("ingest.dedup.store", "redis"),
            Map.entry("ingest.dedup.generation-key", "completion"),
            Map.entry("ingest.limits.max-chars", "0"),
            Map.entry("ingest.clean.char-filter", "[unclosed"),
            Map.entry("ingest.labels.aliases", "pos"),
            Map.entry("ingest.mapping.text-field", " "));
    bad.forEach(
        (property, value) -> {
          IllegalArgumentException e =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> IngestSettings.of(Map.of(property, value)),
                  property);
          assertTrue(e.getMessage().contains(property), e.getMessage());
          assertTrue(e.getMessage().contains("allowed values"), e.getMessage());
        });
  }
}
