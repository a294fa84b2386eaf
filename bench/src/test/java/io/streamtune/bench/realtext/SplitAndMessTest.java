package io.streamtune.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitAndMessTest {

  /** 40 addresses over the four eras, 10 passages each; one boilerplate passage in every one. */
  static List<Address> addresses() {
    List<Address> out = new ArrayList<>();
    int[] years = {1790, 1870, 1950, 1990};
    for (int i = 0; i < 40; i++) {
      out.add(new Address(years[i % 4] + i, "President " + i, "none", "text " + i));
    }
    return out;
  }

  static List<Example> examples(List<Address> addresses) {
    List<Example> out = new ArrayList<>();
    for (Address a : addresses) {
      for (int p = 0; p < 10; p++) {
        out.add(new Example("Passage " + p + " of " + a.id() + ".", Era.of(a.year()), a.id()));
      }
      out.add(new Example("To the Senate and House of Representatives:", Era.of(a.year()), a.id()));
    }
    return out;
  }

  @Test
  void theSplitIsDisjointByAddressAndByTextAndHoldsOutEveryEra() {
    List<Address> addresses = addresses();
    Set<String> held = Split.heldOutAddresses(addresses, 0.2, 1);
    assertEquals(8, held.size());
    Split.Parts parts = Split.split(examples(addresses), held, 1000, 1);
    Set<String> trainGroups = new HashSet<>();
    Set<String> trainTexts = new HashSet<>();
    parts.train().forEach(e -> trainGroups.add(e.group()));
    parts.train().forEach(e -> trainTexts.add(Split.skeleton(e.input())));
    for (Example e : parts.heldOut()) {
      assertFalse(trainGroups.contains(e.group()), "address on both sides: " + e.group());
      assertFalse(trainTexts.contains(Split.skeleton(e.input())), "text on both sides: " + e);
    }
    assertEquals(80, parts.heldOut().size(), "the shared boilerplate is dropped from held-out");
    Set<String> eras = new HashSet<>();
    parts.heldOut().forEach(e -> eras.add(e.target()));
    assertEquals(Set.copyOf(Era.LABELS), eras);
    assertEquals(10, Split.split(examples(addresses), held, 10, 1).heldOut().size());
  }

  @Test
  void messingKeepsCountsThatMatchTheStream() {
    List<Example> clean = new ArrayList<>(examples(addresses()));
    clean.removeIf(e -> e.input().startsWith("To the Senate")); // one text, many eras: a conflict
    Messer.Rates rates = new Messer.Rates(0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
    Messer.Stream s = Messer.mess(clean, Era.ALIASES, rates, 5);
    Messer.Counts c = s.counts();
    assertEquals(clean.size(), c.originals());
    assertEquals(
        c.originals() + c.duplicates() + c.nearDuplicates() + c.conflicts() + c.blanks(),
        c.lines());
    assertEquals(c.lines(), s.lines().size());
    Map<String, Integer> kinds = new HashMap<>();
    s.lines().forEach(l -> kinds.merge(l.kind(), 1, Integer::sum));
    assertEquals(c.duplicates(), kinds.get("duplicate"));
    assertEquals(c.conflicts(), kinds.get("conflict"));
    assertEquals(c.blanks(), kinds.get("blank"));
    assertTrue(
        c.aliases() > 0 && c.duplicates() > 0 && c.conflicts() > 0 && c.nearDuplicates() > 0);

    Map<String, String> cleanLabel = new HashMap<>();
    clean.forEach(e -> cleanLabel.put(e.input(), e.target()));
    int conflicting = 0;
    int respelled = 0;
    for (Messer.Line l : s.lines()) {
      if (l.kind().equals("blank")) {
        assertTrue(l.input().replaceAll("<[^>]*>", "").isBlank());
        continue;
      }
      String canonical =
          Era.ALIASES.getOrDefault(
              l.target().trim().toLowerCase(), l.target().trim().toLowerCase());
      assertTrue(Era.LABELS.contains(canonical), "every label resolves: " + l.target());
      respelled += l.target().equals(canonical) ? 0 : 1;
      String truth = cleanLabel.get(l.input());
      if (truth != null && !truth.equals(canonical)) {
        conflicting++;
        assertEquals("conflict", l.kind());
      }
    }
    assertEquals(c.conflicts(), conflicting, "each conflict is the same text with another label");
    assertTrue(respelled >= c.aliases(), "aliases and case variants reach the stream");
    assertEquals(s, Messer.mess(clean, Era.ALIASES, rates, 5), "seeded");
  }

  @Test
  void aNearDuplicateDiffersByOneWord() {
    String text = "the quick brown fox jumps over the lazy dog";
    String edited = Messer.smallEdit(text, new Random(3));
    assertNotEquals(text, edited);
    int same = 0;
    List<String> a = List.of(text.split(" "));
    for (String w : edited.split(" ")) {
      same += a.contains(w) ? 1 : 0;
    }
    assertTrue(same >= a.size() - 1, edited);
  }
}
