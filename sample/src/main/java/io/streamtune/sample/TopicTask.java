package io.streamtune.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small learnable labelling task for demos and tests: short texts about one of four topics. The
 * label is a rule of the text (which topic's keywords it contains), so a model that learns scores
 * well above chance (25%) on held-out texts, and one that does not stays near it.
 *
 * <p>Seeded and deterministic: the same seed gives the same examples on every machine.
 */
public final class TopicTask {

  /** The canonical labels, in a fixed order. */
  public static final List<String> LABELS = List.of("sports", "food", "tech", "weather");

  private static final List<List<String>> KEYWORDS =
      List.of(
          List.of(
              "goal", "match", "team", "coach", "league", "striker", "referee", "score", "season",
              "stadium", "tennis", "player"),
          List.of(
              "pasta", "recipe", "bread", "cheese", "soup", "spicy", "oven", "salad", "dessert",
              "kitchen", "flavor", "garlic"),
          List.of(
              "laptop",
              "software",
              "compiler",
              "server",
              "network",
              "chip",
              "database",
              "kernel",
              "browser",
              "robot",
              "battery",
              "cloud"),
          List.of(
              "rain",
              "storm",
              "sunny",
              "forecast",
              "wind",
              "snow",
              "cloudy",
              "thunder",
              "humid",
              "frost",
              "breeze",
              "heatwave"));

  private static final List<String> FILLER =
      List.of(
          "the", "a", "today", "really", "we", "saw", "new", "was", "very", "our", "about", "this",
          "and", "after", "some", "great", "quite", "again", "with", "every", "morning", "local",
          "big", "small", "news", "people", "said", "think", "more", "week");

  private final Random random;

  public TopicTask(long seed) {
    this.random = new Random(seed);
  }

  /** One text and the label its keywords decide. */
  public record Example(String text, String label) {}

  /** The next example: 2-3 keywords of one topic among 3-7 filler words, in random order. */
  public Example next() {
    int topic = random.nextInt(LABELS.size());
    List<String> words = new ArrayList<>();
    int keywords = 2 + random.nextInt(2);
    for (int i = 0; i < keywords; i++) {
      words.add(pick(KEYWORDS.get(topic)));
    }
    int fillers = 3 + random.nextInt(5);
    for (int i = 0; i < fillers; i++) {
      words.add(random.nextInt(words.size() + 1), pick(FILLER));
    }
    return new Example(String.join(" ", words), LABELS.get(topic));
  }

  /** The label the rule gives {@code text}: the topic with most keywords, or null if none. */
  public static String labelOf(String text) {
    int best = -1;
    int bestCount = 0;
    List<String> tokens = List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+"));
    for (int t = 0; t < LABELS.size(); t++) {
      int count = 0;
      for (String token : tokens) {
        if (KEYWORDS.get(t).contains(token)) {
          count++;
        }
      }
      if (count > bestCount) {
        best = t;
        bestCount = count;
      }
    }
    return best < 0 ? null : LABELS.get(best);
  }

  private String pick(List<String> words) {
    return words.get(random.nextInt(words.size()));
  }
}
