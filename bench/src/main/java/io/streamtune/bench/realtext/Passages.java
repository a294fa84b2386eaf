package io.streamtune.bench.realtext;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an address into passages. The corpus keeps no paragraph breaks, so a passage is a run of
 * whole sentences whose length is drawn per passage, giving the spread of lengths real paragraphs
 * have (many far longer than a small model's context).
 */
public final class Passages {

  /** A sentence ends at . ! or ? (closing quotes and brackets included) before a capital. */
  private static final Pattern END =
      Pattern.compile("[.!?][\"'”’)\\]]*\\s+(?=[\"'“‘(\\[]*[A-Z0-9])");

  /** Words after which a full stop rarely ends a sentence. */
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "st", "gen", "jr", "sr", "hon", "gov", "messrs", "no", "vs",
          "u.s", "d.c", "lt", "col", "capt", "rev", "sen", "rep", "fig", "art", "sec", "i.e",
          "e.g");

  private Passages() {}

  /** Sentences of {@code text}, whitespace collapsed. */
  public static List<String> sentences(String text) {
    String s = text.replaceAll("\\s+", " ").trim();
    List<String> out = new ArrayList<>();
    Matcher m = END.matcher(s);
    int start = 0;
    while (m.find()) {
      String candidate = s.substring(start, m.start() + 1);
      if (endsWithAbbreviation(candidate)) {
        continue;
      }
      String sentence = s.substring(start, m.end()).trim();
      if (!sentence.isEmpty()) {
        out.add(sentence);
      }
      start = m.end();
    }
    if (start < s.length()) {
      out.add(s.substring(start).trim());
    }
    return out;
  }

  private static boolean endsWithAbbreviation(String candidate) {
    int space = candidate.lastIndexOf(' ');
    String word = candidate.substring(space + 1, candidate.length() - 1).toLowerCase();
    return ABBREVIATIONS.contains(word) || word.length() == 1 && Character.isLetter(word.charAt(0));
  }

  /**
   * Passages of {@code address}: sentences are added until the passage reaches a length drawn
   * uniformly from [minChars, maxChars]; a short tail joins the passage before it.
   */
  public static List<Passage> of(Address address, int minChars, int maxChars, long seed) {
    Random random = new Random(seed ^ address.id().hashCode());
    List<Passage> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int length = 0;
    int target = draw(random, minChars, maxChars);
    for (String sentence : sentences(address.text())) {
      current.add(sentence);
      length += sentence.length() + 1;
      if (length >= target) {
        out.add(new Passage(address.id(), address.year(), List.copyOf(current)));
        current.clear();
        length = 0;
        target = draw(random, minChars, maxChars);
      }
    }
    if (!current.isEmpty()) {
      if (length < minChars && !out.isEmpty()) {
        Passage last = out.remove(out.size() - 1);
        List<String> joined = new ArrayList<>(last.sentences());
        joined.addAll(current);
        out.add(new Passage(address.id(), address.year(), List.copyOf(joined)));
      } else {
        out.add(new Passage(address.id(), address.year(), List.copyOf(current)));
      }
    }
    return out;
  }

  private static int draw(Random random, int min, int max) {
    return min + random.nextInt(Math.max(1, max - min + 1));
  }
}
