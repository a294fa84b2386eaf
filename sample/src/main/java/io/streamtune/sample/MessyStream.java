package io.streamtune.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded stream of messy raw lines for {@code records.raw}, built on {@link TopicTask}: what real
 * producers send. Label aliases and case/space variants, HTML, entities, control characters and odd
 * whitespace around good records; exact duplicates, near duplicates (case and punctuation
 * variants), conflicting labels, unknown labels, blanks, missing fields, wrong types, too-long
 * texts, malformed JSON, invalid UTF-8, non-objects and oversized values.
 *
 * <p>Every line knows its intended fate under the ingest service's default config ({@link
 * Line#fate()}: {@code admitted} or a reject reason code), so a test can check every count.
 * Duplicates, near duplicates and conflicts share their original's {@link Line#group()}: send the
 * group as the Kafka key so an original and its variants keep their order. Originals are kept
 * pairwise dissimilar (character 4-gram Jaccard below 0.5) so fuzzy near-duplicate detection at the
 * default threshold never merges two of them.
 */
public final class MessyStream {

  /** The fate of a line that should reach records.clean or records.eval. */
  public static final String ADMITTED = "admitted";

  /** {@code ingest.labels.allowed} for the demo stream (the launcher's --demo sets it). */
  public static final String DEMO_LABELS = "sports,food,tech,weather";

  /** {@code ingest.labels.aliases} for the demo stream: every spelling {@link #ALIASES} uses. */
  public static final String DEMO_ALIASES =
      "sport=sports,soccer=sports,football=sports,foods=food,cooking=food,recipes=food,"
          + "technology=tech,computing=tech,it=tech,weathers=weather,forecast=weather,"
          + "climate=weather";

  /** The ingest settings the demo stream is made for. */
  public static Map<String, String> demoIngestConfig() {
    return Map.of("ingest.labels.allowed", DEMO_LABELS, "ingest.labels.aliases", DEMO_ALIASES);
  }

  /** Alias → canonical label: {@link #DEMO_ALIASES} must contain these. */
  public static final Map<String, String> ALIASES =
      Map.of(
          "sport", "sports",
          "Soccer", "sports",
          "cooking", "food",
          "Recipes", "food",
          "technology", "tech",
          "IT", "tech",
          "forecast", "weather",
          "Climate", "weather");

  /** Labels no default config allows. */
  static final List<String> UNKNOWN = List.of("politics", "misc", "???", "spam", "finance");

  /** Longest clean text the default config accepts (ingest.limits.max-chars). */
  static final int MAX_CHARS = 2000;

  /** Largest raw value the default config accepts (ingest.limits.max-record-bytes). */
  static final int MAX_BYTES = 65536;

  /** One raw line, its intended fate and its group (the original's serial, or null). */
  public record Line(byte[] value, String fate, String group) {}

  private record Base(String text, String label, String group) {}

  private final Random random;
  private final TopicTask task;
  private final List<Base> bases = new ArrayList<>();
  private final Set<String> baseTexts = new HashSet<>();
  private final Map<String, List<Integer>> gramIndex = new HashMap<>();
  private final List<Integer> gramCounts = new ArrayList<>();
  private final Map<String, Long> tally = new TreeMap<>();

  public MessyStream(long seed) {
    this.random = new Random(seed);
    this.task = new TopicTask(seed ^ 0x5DEECE66DL);
  }

  /** The next raw value. */
  public byte[] nextLine() {
    return next().value();
  }

  /** The next line with its fate. */
  public Line next() {
    Line line = generate();
    tally.merge(line.fate(), 1L, Long::sum);
    return line;
  }

  /** How many lines of each fate were generated so far. */
  public Map<String, Long> tally() {
    return new TreeMap<>(tally);
  }

  private Line generate() {
    double r = random.nextDouble();
    if (bases.isEmpty() || r < 0.50) {
      return original();
    }
    if ((r -= 0.50) < 0.08) {
      Base b = anyBase();
      return line(json(decorate(b.text), spell(b.label)), "duplicate", b.group);
    }
    if ((r -= 0.08) < 0.06) {
      Base b = anyBase();
      return line(json(decorate(nearVariant(b.text)), spell(b.label)), "near_duplicate", b.group);
    }
    if ((r -= 0.06) < 0.05) {
      Base b = anyBase();
      String text = random.nextBoolean() ? b.text : nearVariant(b.text);
      return line(json(decorate(text), spell(otherLabel(b.label))), "label_conflict", b.group);
    }
    if ((r -= 0.05) < 0.04) {
      return line(json(task.next().text(), pick(UNKNOWN)), "unknown_label", null);
    }
    if ((r -= 0.04) < 0.04) {
      return blank();
    }
    if ((r -= 0.04) < 0.04) {
      return missing();
    }
    if ((r -= 0.04) < 0.03) {
      return wrongType();
    }
    if ((r -= 0.03) < 0.02) {
      return line(json(longText(MAX_CHARS + 50 + random.nextInt(800)), "food"), "too_long", null);
    }
    if ((r -= 0.02) < 0.04) {
      return malformed();
    }
    if ((r -= 0.04) < 0.03) {
      return invalidUtf8();
    }
    if ((r -= 0.03) < 0.03) {
      return line(
          utf8(pick(List.of("[1,2,3]", "\"just text\"", "42", "null", "true", "[]"))),
          "not_object",
          null);
    }
    if ((r -= 0.03) < 0.002) {
      return line(json(longText(MAX_BYTES + 1000), "tech"), "too_large", null);
    }
    return original();
  }

  /** A new original: a text unlike every earlier one, messily formatted, label in any spelling. */
  private Line original() {
    TopicTask.Example e;
    do {
      e = task.next();
    } while (!distinct(e.text()));
    String group = "g" + bases.size();
    Base b = new Base(e.text(), e.label(), group);
    remember(b);
    return line(json(decorate(b.text), spell(b.label)), ADMITTED, group);
  }

  private Base anyBase() {
    return bases.get(random.nextInt(bases.size()));
  }

  /** Formatting noise that cleaning removes entirely: the cleaned text is the plain text. */
  private String decorate(String text) {
    String[] words = text.split(" ");
    StringBuilder out = new StringBuilder();
    int style = random.nextInt(8);
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      String sep = i == 0 ? "" : " ";
      switch (style) {
        case 1 -> sep = i == 0 ? "  " : pick(List.of(" ", "  ", "\t", " \n "));
        case 2 -> w = i == 1 ? "<b>" + w + "</b>" : w;
        case 3 -> sep = i == 2 ? "&nbsp;" : sep;
        case 4 -> w = i == 0 ? w + "\u0007" : w;
        case 5 -> w = i == 0 ? toFullWidth(w) : w;
        case 6 -> w = i == 1 && w.length() > 1 ? w.charAt(0) + "\u200B" + w.substring(1) : w;
        default -> {}
      }
      out.append(sep).append(w);
    }
    String s = out.toString();
    return style == 7 ? "<p>" + s + "</p>\n" : style == 1 ? " " + s + "  " : s;
  }

  /** A case or punctuation variant: same skeleton, different cleaned text. */
  private String nearVariant(String text) {
    return switch (random.nextInt(4)) {
      case 0 -> Character.toUpperCase(text.charAt(0)) + text.substring(1);
      case 1 -> text + "!";
      case 2 -> text.replaceFirst(" ", ", ") + ".";
      default -> text.toUpperCase(Locale.ROOT);
    };
  }

  /** The label as producers spell it: canonical, an alias, or a case/space variant. */
  private String spell(String label) {
    return switch (random.nextInt(6)) {
      case 0 -> Character.toUpperCase(label.charAt(0)) + label.substring(1);
      case 1 -> label.toUpperCase(Locale.ROOT);
      case 2 -> " " + label + " ";
      case 3 ->
          ALIASES.entrySet().stream()
              .filter(a -> a.getValue().equals(label))
              .map(Map.Entry::getKey)
              .sorted()
              .toList()
              .get(random.nextInt(2));
      default -> label;
    };
  }

  private String otherLabel(String label) {
    List<String> others = new ArrayList<>(TopicTask.LABELS);
    others.remove(label);
    return pick(others);
  }

  private Line blank() {
    String label = spell(pick(TopicTask.LABELS));
    return switch (random.nextInt(5)) {
      case 0 -> line(json("", label), "blank", null);
      case 1 -> line(json("   \t ", label), "blank", null);
      case 2 -> line(json("<p> </p>", label), "blank", null);
      case 3 -> line(json("\u0000\u0007", label), "blank", null);
      default -> line(json(task.next().text(), "  "), "blank", null);
    };
  }

  private Line missing() {
    String text = quote(task.next().text());
    String label = quote(pick(TopicTask.LABELS));
    return switch (random.nextInt(4)) {
      case 0 -> line(utf8("{\"text\":" + text + "}"), "missing_field", null);
      case 1 -> line(utf8("{\"label\":" + label + "}"), "missing_field", null);
      case 2 -> line(utf8("{\"text\":null,\"label\":" + label + "}"), "missing_field", null);
      default -> line(utf8("{\"body\":" + text + ",\"tag\":" + label + "}"), "missing_field", null);
    };
  }

  private Line wrongType() {
    String label = quote(pick(TopicTask.LABELS));
    return switch (random.nextInt(4)) {
      case 0 -> line(utf8("{\"text\":42,\"label\":" + label + "}"), "wrong_type", null);
      case 1 -> line(utf8("{\"text\":[\"goal\"],\"label\":" + label + "}"), "wrong_type", null);
      case 2 -> line(utf8("{\"text\":{\"a\":1},\"label\":" + label + "}"), "wrong_type", null);
      default ->
          line(
              utf8("{\"text\":" + quote(task.next().text()) + ",\"label\":[\"food\"]}"),
              "wrong_type",
              null);
    };
  }

  private Line malformed() {
    String good = "{\"text\":" + quote(task.next().text()) + ",\"label\":\"food\"}";
    return switch (random.nextInt(6)) {
      case 0 -> line(utf8(good.substring(0, good.length() / 2)), "malformed", null);
      case 1 -> line(utf8(good + " trailing"), "malformed", null);
      case 2 -> line(utf8(good.replace('"', '\'')), "malformed", null);
      case 3 -> line(utf8(""), "malformed", null);
      case 4 -> line(utf8("text=" + task.next().text()), "malformed", null);
      default ->
          line(utf8("{\"text\":\"a\",\"text\":\"b\",\"label\":\"food\"}"), "malformed", null);
    };
  }

  private Line invalidUtf8() {
    byte[] good = json(task.next().text(), "tech");
    byte[] bad = new byte[good.length + 2];
    int at = 10 + random.nextInt(Math.max(1, good.length - 14));
    System.arraycopy(good, 0, bad, 0, at);
    bad[at] = (byte) (random.nextBoolean() ? 0xC3 : 0xFF);
    bad[at + 1] = (byte) 0x28;
    System.arraycopy(good, at, bad, at + 2, good.length - at);
    return line(bad, "invalid_utf8", null);
  }

  private String longText(int chars) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < chars) {
      sb.append(task.next().text()).append(' ');
    }
    return sb.toString().trim();
  }

  // ---- originals are kept pairwise dissimilar -------------------------------------------------

  private boolean distinct(String text) {
    if (baseTexts.contains(text)) {
      return false;
    }
    Set<String> grams = grams(text);
    Map<Integer, Integer> shared = new HashMap<>();
    for (String g : grams) {
      for (int id : gramIndex.getOrDefault(g, List.of())) {
        shared.merge(id, 1, Integer::sum);
      }
    }
    for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
      int union = grams.size() + gramCounts.get(e.getKey()) - e.getValue();
      if (e.getValue() >= 0.5 * union) {
        return false;
      }
    }
    return true;
  }

  private void remember(Base b) {
    int id = bases.size();
    bases.add(b);
    baseTexts.add(b.text);
    Set<String> grams = grams(b.text);
    gramCounts.add(grams.size());
    grams.forEach(g -> gramIndex.computeIfAbsent(g, k -> new ArrayList<>()).add(id));
  }

  private static Set<String> grams(String text) {
    Set<String> grams = new HashSet<>();
    for (int i = 0; i + 4 <= text.length(); i++) {
      grams.add(text.substring(i, i + 4));
    }
    if (grams.isEmpty()) {
      grams.add(text);
    }
    return grams;
  }

  // ---- encoding ---------------------------------------------------------------------------------

  private static Line line(byte[] value, String fate, String group) {
    return new Line(value, fate, group);
  }

  private static byte[] json(String text, String label) {
    return utf8("{\"text\":" + quote(text) + ",\"label\":" + quote(label) + "}");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String toFullWidth(String w) {
    StringBuilder sb = new StringBuilder();
    for (char c : w.toCharArray()) {
      sb.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 0xFF41) : c);
    }
    return sb.toString();
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
