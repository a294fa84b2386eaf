package io.streamtune.bench.realtext;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes a clean training set look like a live stream: shuffled, with label aliases and case
 * variants, exact duplicates, near duplicates (one small edit), blank inputs, conflicting targets,
 * and HTML and whitespace noise. A pure, seeded function: the same inputs give the same stream and
 * the same counts.
 */
public final class Messer {

  /** How often each kind of mess happens, per original example. */
  public record Rates(
      double alias,
      double html,
      double whitespace,
      double duplicate,
      double nearDuplicate,
      double conflict,
      double blank) {

    /** Rates of a source that is messy but mostly right. */
    public static Rates live() {
      return new Rates(0.15, 0.08, 0.08, 0.04, 0.04, 0.02, 0.02);
    }
  }

  /** One line of the stream: its input field, its target field, and what was done to it. */
  public record Line(String input, String target, String kind) {}

  /** What the stream holds, by kind; {@code lines} is their sum. */
  public record Counts(
      int originals,
      int aliases,
      int html,
      int whitespace,
      int duplicates,
      int nearDuplicates,
      int conflicts,
      int blanks,
      int lines) {}

  /** The stream and its counts. */
  public record Stream(List<Line> lines, Counts counts) {

    /** The lines as NDJSON objects, the input and the target under the given field names. */
    public List<String> ndjson(String inputField, String targetField) {
      List<String> out = new ArrayList<>();
      for (Line l : lines) {
        var node = JSON.createObjectNode().put(inputField, l.input()).put(targetField, l.target());
        try {
          out.add(JSON.writeValueAsString(node));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return out;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Messer() {}

  /**
   * @param aliases alias → canonical target; empty for generation (no label to re-spell)
   */
  public static Stream mess(
      List<Example> clean, Map<String, String> aliases, Rates rates, long seed) {
    Random random = new Random(seed);
    List<Example> order = new ArrayList<>(clean);
    Collections.shuffle(order, random);
    List<String> aliasKeys = new ArrayList<>(aliases.keySet());
    Collections.sort(aliasKeys);
    List<Line> lines = new ArrayList<>();
    int nAlias = 0, nHtml = 0, nSpace = 0, nDup = 0, nNear = 0, nConflict = 0, nBlank = 0;
    for (Example e : order) {
      String input = e.input();
      String target = e.target();
      String kind = "original";
      if (!aliases.isEmpty() && random.nextDouble() < rates.alias()) {
        target = respell(target, aliasKeys, aliases, random);
        nAlias++;
      }
      if (random.nextDouble() < rates.html()) {
        input = "<p>" + input.replaceFirst("\\. ", ". <br/>\n") + "</p>";
        nHtml++;
      } else if (random.nextDouble() < rates.whitespace()) {
        input = "  " + input.replace(" ", random.nextBoolean() ? "  " : " \t") + " \n";
        nSpace++;
      }
      lines.add(new Line(input, target, kind));
      if (random.nextDouble() < rates.duplicate()) {
        lines.add(new Line(input, target, "duplicate"));
        nDup++;
      }
      if (random.nextDouble() < rates.nearDuplicate()) {
        lines.add(new Line(smallEdit(e.input(), random), e.target(), "near_duplicate"));
        nNear++;
      }
      if (random.nextDouble() < rates.conflict()) {
        String other = otherTarget(e.target(), order, random);
        if (other != null) {
          lines.add(new Line(e.input(), other, "conflict"));
          nConflict++;
        }
      }
      if (random.nextDouble() < rates.blank()) {
        String[] blanks = {"", "   ", "<p> </p>", "\n\t"};
        lines.add(new Line(blanks[random.nextInt(blanks.length)], e.target(), "blank"));
        nBlank++;
      }
    }
    Counts counts =
        new Counts(
            order.size(), nAlias, nHtml, nSpace, nDup, nNear, nConflict, nBlank, lines.size());
    return new Stream(lines, counts);
  }

  /** An alias of the label, or its spelling in upper or title case with stray spaces. */
  private static String respell(
      String label, List<String> aliasKeys, Map<String, String> aliases, Random random) {
    List<String> mine = new ArrayList<>();
    for (String key : aliasKeys) {
      if (aliases.get(key).equals(label)) {
        mine.add(key);
      }
    }
    if (!mine.isEmpty() && random.nextBoolean()) {
      String alias = mine.get(random.nextInt(mine.size()));
      return random.nextBoolean() ? alias.toUpperCase() : alias;
    }
    String title = Character.toUpperCase(label.charAt(0)) + label.substring(1);
    return random.nextBoolean() ? " " + label.toUpperCase() + " " : title;
  }

  /** One word dropped, or one word's case flipped: the same text to a person. */
  static String smallEdit(String text, Random random) {
    String[] words = text.split(" ");
    if (words.length < 3) {
      return text + "!";
    }
    int i = 1 + random.nextInt(words.length - 2);
    StringBuilder out = new StringBuilder();
    boolean drop = random.nextBoolean();
    for (int w = 0; w < words.length; w++) {
      if (w == i && drop) {
        continue;
      }
      String word = w == i ? flipCase(words[w]) : words[w];
      out.append(out.length() == 0 ? "" : " ").append(word);
    }
    return out.toString();
  }

  private static String flipCase(String word) {
    String upper = word.toUpperCase();
    return upper.equals(word) ? word.toLowerCase() : upper;
  }

  private static String otherTarget(String target, List<Example> pool, Random random) {
    for (int tries = 0; tries < 20; tries++) {
      String other = pool.get(random.nextInt(pool.size())).target();
      if (!other.equals(target)) {
        return other;
      }
    }
    return null;
  }
}
