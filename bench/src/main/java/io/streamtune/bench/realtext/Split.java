package io.streamtune.bench.realtext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Splits by address, so that a passage and its near duplicates (the messing below only copies
 * training passages) never straddle training and held-out, and a held-out passage comes from a
 * speech the model never saw. Addresses are drawn per era, so every era is held out.
 */
public final class Split {

  /** Training and held-out examples; the two never share an address or a text. */
  public record Parts(List<Example> train, List<Example> heldOut, Set<String> heldOutAddresses) {}

  private Split() {}

  /**
   * The addresses to hold out: {@code addressFraction} of each era's (at least one), drawn at
   * random.
   */
  public static Set<String> heldOutAddresses(
      List<Address> addresses, double addressFraction, long seed) {
    Map<String, List<String>> byEra = new LinkedHashMap<>();
    for (Address a : addresses) {
      byEra.computeIfAbsent(Era.of(a.year()), e -> new ArrayList<>()).add(a.id());
    }
    Random random = new Random(seed);
    Set<String> held = new HashSet<>();
    for (List<String> ids : byEra.values()) {
      Collections.sort(ids);
      Collections.shuffle(ids, random);
      int n = Math.max(1, (int) Math.round(ids.size() * addressFraction));
      held.addAll(ids.subList(0, Math.min(n, ids.size())));
    }
    return held;
  }

  /**
   * Examples of held-out addresses go to the held-out side (at most {@code maxHeldOut}, drawn at
   * random), the rest to training; a held-out example whose input also occurs in training (after
   * case, spacing and punctuation are dropped) is left out.
   */
  public static Parts split(
      List<Example> examples, Set<String> heldOutAddresses, int maxHeldOut, long seed) {
    List<Example> train = new ArrayList<>();
    List<Example> held = new ArrayList<>();
    for (Example e : examples) {
      (heldOutAddresses.contains(e.group()) ? held : train).add(e);
    }
    Set<String> seen = new HashSet<>();
    train.forEach(e -> seen.add(skeleton(e.input())));
    held.removeIf(e -> seen.contains(skeleton(e.input())));
    Collections.shuffle(held, new Random(seed));
    if (held.size() > maxHeldOut) {
      held = new ArrayList<>(held.subList(0, maxHeldOut));
    }
    return new Parts(train, held, heldOutAddresses);
  }

  /** At most {@code max} of the examples (all when max ≤ 0), drawn at random. */
  public static List<Example> cap(List<Example> examples, int max, long seed) {
    if (max <= 0 || examples.size() <= max) {
      return examples;
    }
    List<Example> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(seed + 1));
    return List.copyOf(shuffled.subList(0, max));
  }

  /** Letters and digits only, lower case: what ingest also treats as the same input. */
  public static String skeleton(String text) {
    return text.toLowerCase().replaceAll("[^\\p{L}\\p{N}]+", "");
  }
}
