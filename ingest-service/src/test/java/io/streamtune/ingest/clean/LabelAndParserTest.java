package io.streamtune.ingest.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.sample.MessyStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelAndParserTest {

  private final LabelNormalizer labels =
      new LabelNormalizer(Set.of("positive", "spam"), Map.of("pos", "positive", "junk", "spam"));

  @Test
  void labelsFoldCaseSpaceAndAliases() {
    List<String> rules = new ArrayList<>();
    assertEquals("positive", labels.normalize(" POSITIVE ", rules));
    assertEquals(List.of("label_case"), rules);
    rules.clear();
    assertEquals("positive", labels.normalize("Pos", rules));
    assertEquals(List.of("label_alias"), rules);
    assertEquals("spam", labels.normalize("JUNK", new ArrayList<>()));
    assertNull(labels.normalize("neutral", new ArrayList<>()));
    assertEquals(
        "anything goes",
        new LabelNormalizer(Set.of(), Map.of()).normalize("Anything_Goes", new ArrayList<>()));
  }

  @Test
  void demoConfigAcceptsEveryMessyStreamSpelling() {
    IngestSettings d = IngestSettings.of(MessyStream.demoIngestConfig());
    LabelNormalizer n = new LabelNormalizer(d.allowedLabels(), d.aliases());
    MessyStream.ALIASES.forEach(
        (alias, label) -> assertEquals(label, n.normalize(alias, new ArrayList<>()), alias));
  }

  @Test
  void defaultConfigAdmitsAnyLabelAsItIs() {
    IngestSettings d = IngestSettings.defaults();
    assertTrue(d.anyLabel());
    LabelNormalizer n = new LabelNormalizer(d.allowedLabels(), d.aliases());
    assertEquals("not spam", n.normalize("Not_Spam", new ArrayList<>()));
    assertEquals("it", n.normalize("IT", new ArrayList<>()), "no demo alias applies by default");
  }

  @Test
  void parserNamesEachProblem() {
    assertEquals("too_large", RawParser.parse(new byte[11], 10).reason());
    assertEquals("invalid_utf8", RawParser.parse(new byte[] {'"', (byte) 0xFF, '"'}, 100).reason());
    assertEquals("malformed", RawParser.parse(null, 100).reason());
    assertEquals("malformed", parse(" ").reason());
    assertEquals("malformed", parse("{\"a\":1} {").reason());
    assertEquals("malformed", parse("{\"a\":1,\"a\":2}").reason());
    assertEquals("malformed", parse("{'a':1}").reason());
    assertEquals("malformed", parse("[".repeat(3000)).reason());
    assertEquals("not_object", parse("null").reason());
    assertEquals("not_object", parse("[]").reason());
    RawParser.Parsed ok = parse("{\"text\":\"x\"}");
    assertNull(ok.reason());
    assertTrue(ok.object().isObject());
  }

  private static RawParser.Parsed parse(String s) {
    return RawParser.parse(s.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }
}
