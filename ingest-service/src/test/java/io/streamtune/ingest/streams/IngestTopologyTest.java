package io.streamtune.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.ingest.clean.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestTopologyTest {

  @Test
  void cleanRecordCarriesIdSourceArrivalAndTheRulesThatChangedIt() {
    try (Harness h = new Harness()) {
      Instant at = Instant.parse("2026-03-01T10:00:00Z");
      h.sendAt("{\"text\":\"  <b>Goal</b>   by the   striker\",\"label\":\"SPORT\"}", at);
      CleanRecord r = (CleanRecord) h.decideNothingSent();
      assertEquals("Goal by the striker", r.prompt());
      assertEquals("sports", r.completion());
      assertEquals(TaskKind.LABEL, r.kind());
      assertEquals(Fingerprints.contentId("LABEL", "Goal by the striker", "sports"), r.id());
      assertEquals(Topics.RECORDS_RAW.name(), r.source().topic());
      assertEquals(0, r.source().offset());
      assertEquals(at, r.arrivedAt());
      assertEquals(List.of("html", "whitespace", "label_alias"), r.rules());
    }
  }

  @Test
  void everyValidationReasonIsRejectedWithItsCodeAndSource() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("{\"text\":\"a\",", "malformed"),
            Map.entry("", "malformed"),
            Map.entry("[1,2]", "not_object"),
            Map.entry("\"text\"", "not_object"),
            Map.entry("{\"label\":\"food\"}", "missing_field"),
            Map.entry("{\"text\":\"soup\"}", "missing_field"),
            Map.entry("{\"text\":42,\"label\":\"food\"}", "wrong_type"),
            Map.entry("{\"text\":\"<p>\\u0007 </p>\",\"label\":\"food\"}", "blank"),
            Map.entry("{\"text\":\"soup\",\"label\":\" \"}", "blank"),
            Map.entry("{\"text\":\"soup\",\"label\":\"politics\"}", "unknown_label"),
            Map.entry("{\"text\":\"" + "x".repeat(2001) + "\",\"label\":\"food\"}", "too_long"));
    try (Harness h = new Harness()) {
      long offset = 0;
      for (Map.Entry<String, String> c : cases.entrySet()) {
        RejectedRecord r = h.rejectedBy(c.getKey());
        assertEquals(c.getValue(), r.reason(), c.getKey());
        assertEquals(offset++, r.source().offset(), "offset of " + c.getKey());
        assertEquals(c.getKey(), r.originalText());
        assertNull(r.originalBase64());
        assertNull(r.collidedWith());
        assertEquals("ingest", r.rejectedBy());
        assertNotNull(r.detail());
      }
    }
  }

  @Test
  void invalidUtf8KeepsTheOriginalAsBase64AndNullIsMalformed() {
    try (Harness h = new Harness()) {
      byte[] bad = {'{', '"', 't', '"', ':', (byte) 0xC3, 0x28, '}'};
      RejectedRecord r = (RejectedRecord) h.decide(bad);
      assertEquals("invalid_utf8", r.reason());
      assertNull(r.originalText());
      assertEquals(Base64.getEncoder().encodeToString(bad), r.originalBase64());
      assertEquals("malformed", ((RejectedRecord) h.decide((byte[]) null)).reason());
    }
  }

  @Test
  void oversizedValuesAreRejectedBeforeParsing() {
    try (Harness h = new Harness((Map.of("ingest.limits.max-record-bytes", "100")))) {
      RejectedRecord r = h.rejectedBy("{\"text\":\"" + "a".repeat(200) + "\",\"label\":\"food\"}");
      assertEquals("too_large", r.reason());
    }
  }

  @Test
  void exactDuplicateIsRejectedNamingTheKeptRecord() {
    try (Harness h = new Harness()) {
      CleanRecord kept = h.admitted("{\"text\":\"spicy garlic soup\",\"label\":\"food\"}");
      RejectedRecord dup = h.rejectedBy("{\"text\":\" spicy  garlic soup \",\"label\":\"Food\"}");
      assertEquals("duplicate", dup.reason());
      assertEquals(kept.id(), dup.collidedWith());
    }
  }

  @Test
  void caseAndPunctuationVariantIsANearDuplicate() {
    try (Harness h = new Harness()) {
      CleanRecord kept = h.admitted("{\"text\":\"spicy garlic soup\",\"label\":\"food\"}");
      RejectedRecord near = h.rejectedBy("{\"text\":\"Spicy, garlic SOUP!\",\"label\":\"food\"}");
      assertEquals("near_duplicate", near.reason());
      assertEquals(kept.id(), near.collidedWith());
    }
  }

  @Test
  void sameInputWithAnotherLabelIsAConflictAndTheFirstWins() {
    try (Harness h = new Harness()) {
      CleanRecord kept =
          h.admitted("{\"text\":\"the storm hit the stadium\",\"label\":\"weather\"}");
      RejectedRecord c =
          h.rejectedBy("{\"text\":\"the storm hit the stadium\",\"label\":\"sports\"}");
      assertEquals("label_conflict", c.reason());
      assertEquals(kept.id(), c.collidedWith());
      RejectedRecord c2 =
          h.rejectedBy("{\"text\":\"The storm hit the stadium.\",\"label\":\"sports\"}");
      assertEquals("label_conflict", c2.reason());
      assertEquals(kept.id(), c2.collidedWith());
    }
  }

  @Test
  void minHashCatchesAOneWordEditAndTreatsAnotherLabelAsConflict() {
    String base = "the coach said our striker scored a late goal in the big league match";
    try (Harness h = new Harness()) {
      CleanRecord kept = h.admitted("{\"text\":\"" + base + "\",\"label\":\"sports\"}");
      String edited = base.replace("late", "very late");
      RejectedRecord near = h.rejectedBy("{\"text\":\"" + edited + "\",\"label\":\"sports\"}");
      assertEquals("near_duplicate", near.reason());
      assertEquals(kept.id(), near.collidedWith());
      String typo = base.replace("striker", "stryker");
      RejectedRecord conflict = h.rejectedBy("{\"text\":\"" + typo + "\",\"label\":\"food\"}");
      assertEquals("label_conflict", conflict.reason());
      h.admitted("{\"text\":\"fresh bread from the oven with garlic\",\"label\":\"food\"}");
    }
    try (Harness off = new Harness((Map.of("ingest.dedup.near-enabled", "false")))) {
      off.admitted("{\"text\":\"" + base + "\",\"label\":\"sports\"}");
      off.admitted("{\"text\":\"" + base.replace("late", "very late") + "\",\"label\":\"sports\"}");
    }
  }

  @Test
  void aKeptInputIsForgottenOnceTheRetentionHasPassedSinceItArrived() {
    try (Harness h = new Harness((Map.of("ingest.dedup.retention", "PT1H")))) {
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      String json = "{\"text\":\"snow and frost tonight\",\"label\":\"weather\"}";
      h.sendAt(json, t0);
      assertTrue(h.decideNothingSent() instanceof CleanRecord);
      h.driver.advanceWallClockTime(Duration.ofMinutes(30));
      // the producer's timestamp says two hours later: arrival time says 30 minutes
      h.sendAt(json, t0.plusSeconds(7300));
      assertEquals("duplicate", ((RejectedRecord) h.decideNothingSent()).reason());
      h.driver.advanceWallClockTime(Duration.ofMinutes(32));
      h.sendAt(json, t0.plusSeconds(7400));
      assertTrue(h.decideNothingSent() instanceof CleanRecord, "re-admitted after retention");
    }
  }

  @Test
  void anOldExportResentAfterAPurgeIsStillCaughtUntilItsArrivalRetentionPasses() {
    // exact duplicates are the point here; the tickets differ by a number or two (near off)
    Map<String, String> s =
        Map.of("ingest.dedup.retention", "PT1H", "ingest.dedup.near-enabled", "false");
    try (Harness h = new Harness(s)) {
      Instant now = Instant.parse("2026-06-01T12:00:00Z");
      Instant exported = now.minus(Duration.ofDays(30)); // the export keeps its old timestamps
      List<String> export = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        export.add(
            "{\"text\":\"archived ticket "
                + i
                + ": the printer on floor "
                + (i * 7 % 13)
                + " jams with "
                + WORDS[i % WORDS.length]
                + "\",\"label\":\"tech\"}");
      }
      export.forEach(json -> h.sendAt(json, exported.plusSeconds(export.indexOf(json))));
      h.drain();
      assertEquals(20, h.cleanSeen.size() + h.evalSeen.size());
      // live traffic with current timestamps moves stream time a month past the export, and the
      // purge runs (by stream time the whole export would be forgotten now)
      for (int i = 0; i < 5; i++) {
        h.sendAt("{\"text\":\"live news item " + i + "\",\"label\":\"weather\"}", now);
        h.driver.advanceWallClockTime(Duration.ofMinutes(10));
      }
      h.drain();
      h.rejectedSeen.clear();
      export.forEach(json -> h.sendAt(json, exported));
      h.drain();
      assertEquals(20, h.rejectedSeen.size(), "the re-sent export was admitted again");
      assertTrue(h.rejectedSeen.stream().allMatch(r -> r.reason().equals("duplicate")));

      h.driver.advanceWallClockTime(Duration.ofMinutes(15)); // 65 minutes since it arrived
      int admitted = h.cleanSeen.size() + h.evalSeen.size();
      export.forEach(json -> h.sendAt(json, exported));
      h.drain();
      assertEquals(admitted + 20, h.cleanSeen.size() + h.evalSeen.size(), "retention passed");
    }
  }

  private static final String[] WORDS = {
    "paper", "toner", "staples", "labels", "cards", "envelopes", "photos"
  };

  @Test
  void evalSplitIsAHashOfTheInputSoVariantsNeverStraddle() {
    // texts differ by one number: MinHash would call them near duplicates, so it is off here
    Map<String, String> s =
        Map.of("ingest.split.eval-fraction", "0.3", "ingest.dedup.near-enabled", "false");
    try (Harness h = new Harness(s)) {
      for (int i = 0; i < 400; i++) {
        h.send("{\"text\":\"report number " + i + " about rain\",\"label\":\"weather\"}");
      }
      h.drain();
      int eval = h.evalSeen.size();
      assertEquals(400, eval + h.cleanSeen.size());
      assertTrue(eval > 80 && eval < 160, "eval share far from 30%: " + eval);
      for (CleanRecord r : h.evalSeen) {
        assertTrue(Fingerprints.isEval(Fingerprints.inputKey(r.prompt()), 0.3));
        assertTrue(Fingerprints.isEval(Fingerprints.inputKey(r.prompt().toUpperCase() + "!"), 0.3));
      }
      for (CleanRecord r : h.cleanSeen) {
        assertTrue(!Fingerprints.isEval(Fingerprints.inputKey(r.prompt() + " ?"), 0.3));
      }
    }
  }

  @Test
  void generationAndChatRecordsAreMappedAndCustomFieldNamesWork() {
    try (Harness h = new Harness()) {
      CleanRecord g = h.admitted("{\"prompt\":\"Say hi\",\"completion\":\" hi&nbsp;there \"}");
      assertEquals(TaskKind.GENERATION, g.kind());
      assertEquals("hi there", g.completion());
      CleanRecord c =
          h.admitted(
              "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                  + "{\"role\":\"user\",\"content\":\"2+2?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"4\"}]}");
      assertEquals("system: be brief\nuser: 2+2?", c.prompt());
      assertEquals("4", c.completion());
      assertTrue(c.rules().contains("chat_flattened"));
      assertEquals(
          "missing_field",
          h.rejectedBy("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").reason());
      assertEquals("wrong_type", h.rejectedBy("{\"messages\":\"hello\"}").reason());
    }
    Map<String, String> custom =
        (Map.of(
            "ingest.mapping.format", "classification",
            "ingest.mapping.text-field", "body",
            "ingest.mapping.label-field", "category"));
    try (Harness h = new Harness(custom)) {
      assertEquals(
          "food", h.admitted("{\"body\":\"pasta night\",\"category\":\"Cooking\"}").completion());
      assertEquals(
          "missing_field", h.rejectedBy("{\"text\":\"pasta\",\"label\":\"food\"}").reason());
    }
  }

  @Test
  void truncateKeepsTheHeadAndSaysSo() {
    Map<String, String> s =
        (Map.of("ingest.limits.max-chars", "10", "ingest.limits.overflow", "truncate"));
    try (Harness h = new Harness(s)) {
      CleanRecord r = h.admitted("{\"text\":\"abcdefghijklmnop\",\"label\":\"tech\"}");
      assertEquals("abcdefghij", r.prompt());
      assertTrue(r.rules().contains("truncated"));
    }
  }

  @Test
  void messyStreamFatesMatchExactlyAndEveryInputEndsInOnePlace() {
    io.streamtune.sample.MessyStream m = new io.streamtune.sample.MessyStream(99);
    int n = 1500;
    try (Harness h = new Harness()) {
      for (int i = 0; i < n; i++) {
        h.send(m.nextLine());
      }
      h.drain();
      assertEquals(n, h.cleanSeen.size() + h.evalSeen.size() + h.rejectedSeen.size());
      Map<String, Long> expected = m.tally();
      long admitted = expected.remove("admitted");
      assertEquals(admitted, h.cleanSeen.size() + h.evalSeen.size());
      Map<String, Long> actual = new java.util.TreeMap<>();
      h.rejectedSeen.forEach(r -> actual.merge(r.reason(), 1L, Long::sum));
      assertEquals(expected, actual);
      Set<String> ids = new HashSet<>();
      h.cleanSeen.forEach(r -> assertTrue(ids.add(r.id()), "id admitted twice"));
      h.evalSeen.forEach(r -> assertTrue(ids.add(r.id()), "id admitted twice"));
      assertEquals(h.outcomes.get("clean"), (long) h.cleanSeen.size());
    }
  }

  @Test
  void hostileInputNeverStopsTheStreamAndConservationHolds() {
    java.util.Random rnd = new java.util.Random(1234);
    String[] fragments = {
      "{",
      "}",
      "[",
      "]",
      "\"text\"",
      ":",
      ",",
      "\"label\"",
      "null",
      "1e999",
      "\"\\ud800\"",
      "\"food\"",
      "true",
      "\"<script>x</script>\"",
      "\"&#0;&#x110000;&bogus;\"",
      "\\",
      "\u0000"
    };
    int n = 3000;
    try (Harness h = new Harness()) {
      for (int i = 0; i < n; i++) {
        byte[] value;
        switch (i % 5) {
          case 0 -> {
            value = new byte[rnd.nextInt(200)];
            rnd.nextBytes(value);
          }
          case 1 -> {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(30); k > 0; k--) {
              sb.append(fragments[rnd.nextInt(fragments.length)]);
            }
            value = sb.toString().getBytes(StandardCharsets.UTF_8);
          }
          case 2 -> value = ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
          case 3 ->
              value =
                  ("{\"text\":\""
                          + fragments[rnd.nextInt(fragments.length)].replace("\"", "")
                          + i
                          + "\",\"label\":"
                          + fragments[rnd.nextInt(fragments.length)]
                          + "}")
                      .getBytes(StandardCharsets.UTF_8);
          default -> value = i % 10 == 4 ? null : new byte[0];
        }
        h.send(value);
      }
      h.drain();
      assertEquals(n, h.cleanSeen.size() + h.evalSeen.size() + h.rejectedSeen.size());
      h.rejectedSeen.forEach(r -> assertNotNull(r.reason()));
      // the stream still works after the garbage
      assertNotEquals(
          null, h.admitted("{\"text\":\"a quiet sunny morning\",\"label\":\"weather\"}"));
    }
  }
}
