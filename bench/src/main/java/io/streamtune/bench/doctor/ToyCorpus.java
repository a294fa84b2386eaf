package io.streamtune.bench.doctor;

import io.streamtune.bench.realtext.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Made-up addresses for the scorecard's quick mode, so its test needs no download: each era's
 * addresses mix words of that era's vocabulary with words both share, the way the real eras differ
 * in subjects and style. Not a benchmark of anything; it only keeps the command from rotting.
 */
final class ToyCorpus {

  private static final String[] OLD_WORDS = {
    "gentlemen", "senate", "treaty", "militia", "frontier", "tariff", "navigation", "indian",
    "commerce", "territory", "republic", "sovereign", "revenue", "ships", "honor", "posterity"
  };
  private static final String[] NEW_WORDS = {
    "tonight", "jobs", "internet", "families", "health", "technology", "climate", "terror",
    "students", "budget", "workers", "businesses", "energy", "veterans", "opportunity", "america"
  };
  private static final String[] SHARED = {
    "the",
    "of",
    "and",
    "our",
    "nation",
    "people",
    "congress",
    "we",
    "must",
    "will",
    "to",
    "a",
    "is",
    "that",
    "for",
    "in",
    "this",
    "year",
    "government",
    "have"
  };

  private ToyCorpus() {}

  /** {@code perEra} addresses of about {@code words} words each for 1800 and for 2000. */
  static List<Address> addresses(int perEra, int words, long seed) {
    Random random = new Random(seed);
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < perEra; i++) {
      out.add(new Address(1800 + i, "Toy Founder " + i, "toy", text(OLD_WORDS, words, random)));
      out.add(new Address(2000 + i, "Toy Modern " + i, "toy", text(NEW_WORDS, words, random)));
    }
    return out;
  }

  private static String text(String[] era, int words, Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String[] from = random.nextInt(3) == 0 ? era : SHARED;
      s.append(i == 0 ? "" : " ").append(from[random.nextInt(from.length)]);
      if (random.nextInt(12) == 0) {
        s.append('.');
      }
    }
    return s.toString();
  }
}
