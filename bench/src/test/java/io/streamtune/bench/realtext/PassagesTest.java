package io.streamtune.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassagesTest {

  static final Address WASHINGTON =
      new Address(
          1790,
          "George Washington",
          "none",
          "Fellow-Citizens of the Senate and House of Representatives: I embrace with great"
              + " satisfaction the occasion. Mr. Jefferson will report on it! Is the  public credit"
              + " sound? It is. The U.S. Mint is begun. \"We rejoice.\" The end");

  @Test
  void splitsSentencesButNotAfterTitlesOrInitials() {
    List<String> s = Passages.sentences(WASHINGTON.text());
    assertEquals(
        List.of(
            "Fellow-Citizens of the Senate and House of Representatives: I embrace with great"
                + " satisfaction the occasion.",
            "Mr. Jefferson will report on it!",
            "Is the public credit sound?",
            "It is.",
            "The U.S. Mint is begun.",
            "\"We rejoice.\"",
            "The end"),
        s);
  }

  @Test
  void passagesAreWholeSentencesInOrderCoveringTheAddress() {
    List<Passage> passages = Passages.of(WASHINGTON, 40, 80, 7);
    assertTrue(passages.size() >= 2);
    StringBuilder joined = new StringBuilder();
    for (Passage p : passages) {
      assertEquals(WASHINGTON.id(), p.addressId());
      joined.append(joined.length() == 0 ? "" : " ").append(p.text());
      assertTrue(p.text().length() >= 40 || p == passages.get(passages.size() - 1));
    }
    assertEquals(String.join(" ", Passages.sentences(WASHINGTON.text())), joined.toString());
    assertEquals(passages, Passages.of(WASHINGTON, 40, 80, 7), "seeded: the same cut each time");
  }

  @Test
  void generationPairsTakeTheNextSentenceAsTheCompletion() {
    Passage p = new Passage("a", 1790, List.of("Short one.", "Then more words here.", "Next."));
    List<Example> pairs = Tasks.generation(List.of(p), 15, 100);
    assertEquals(List.of(new Example("Short one. Then more words here.", "Next.", "a")), pairs);
    assertTrue(Tasks.generation(List.of(p), 15, 3).isEmpty(), "a completion too long is left out");
    assertTrue(
        Tasks.generation(List.of(new Passage("b", 1800, List.of("Alone."))), 5, 100).isEmpty());
  }

  @Test
  void erasFollowTheYear() {
    assertEquals(Era.FOUNDING, Era.of(1860));
    assertEquals(Era.INDUSTRIAL, Era.of(1861));
    assertEquals(Era.INDUSTRIAL, Era.of(1932));
    assertEquals(Era.MIDCENTURY, Era.of(1933));
    assertEquals(Era.MODERN, Era.of(1981));
    assertTrue(Era.aliasProperty().contains("gilded-age=industrial"));
  }
}
