package io.streamtune.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessyStreamTest {

  @Test
  void sameSeedGivesSameLines() {
    MessyStream a = new MessyStream(7);
    MessyStream b = new MessyStream(7);
    for (int i = 0; i < 2000; i++) {
      MessyStream.Line x = a.next();
      MessyStream.Line y = b.next();
      assertArrayEquals(x.value(), y.value());
      assertEquals(x.fate(), y.fate());
      assertEquals(x.group(), y.group());
    }
  }

  @Test
  void tenThousandLinesCoverEveryFateAndTallyThem() {
    MessyStream s = new MessyStream(42);
    for (int i = 0; i < 10_000; i++) {
      assertNotNull(s.nextLine());
    }
    Map<String, Long> tally = s.tally();
    assertEquals(10_000L, tally.values().stream().mapToLong(Long::longValue).sum());
    for (String fate :
        Set.of(
            MessyStream.ADMITTED,
            "duplicate",
            "near_duplicate",
            "label_conflict",
            "unknown_label",
            "blank",
            "missing_field",
            "wrong_type",
            "too_long",
            "malformed",
            "invalid_utf8",
            "not_object",
            "too_large")) {
      assertTrue(tally.getOrDefault(fate, 0L) > 0, "no line with fate " + fate + ": " + tally);
    }
  }

  @Test
  void variantsShareTheirOriginalsGroupAndOthersHaveNone() {
    MessyStream s = new MessyStream(3);
    for (int i = 0; i < 3000; i++) {
      MessyStream.Line l = s.next();
      boolean grouped =
          Set.of(MessyStream.ADMITTED, "duplicate", "near_duplicate", "label_conflict")
              .contains(l.fate());
      assertEquals(grouped, l.group() != null, l.fate());
    }
  }

  @Test
  void invalidUtf8LinesAreReallyInvalid() {
    MessyStream s = new MessyStream(11);
    int seen = 0;
    for (int i = 0; i < 3000; i++) {
      MessyStream.Line l = s.next();
      if (l.fate().equals("invalid_utf8")) {
        seen++;
        byte[] v = l.value();
        String roundTrip = new String(v, StandardCharsets.UTF_8);
        assertFalse(
            java.util.Arrays.equals(v, roundTrip.getBytes(StandardCharsets.UTF_8)),
            "line decodes cleanly");
      }
    }
    assertTrue(seen > 0);
  }

  @Test
  void jsonQuotingEscapesControlCharacters() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0007\"", MessyStream.quote("a\"b\\c\n\u0007"));
  }
}
