package io.streamtune.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Eight made-up addresses, two per era, in the layout the real-text benchmark caches the State of
 * the Union corpus in ({@code sotu-0.2.3/package/data/*.json}), so it runs without npm.
 */
final class TinyCorpus {

  private static final int[] YEARS = {1800, 1820, 1880, 1900, 1940, 1960, 1990, 2010};
  private static final String[] WORDS =
      "union congress nation people states government war peace trade law liberty economy"
          .split(" ");

  private TinyCorpus() {}

  static Path write(Path cache) throws IOException {
    Path data = Files.createDirectories(cache.resolve("sotu-0.2.3/package/data"));
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < YEARS.length; i++) {
      StringBuilder text = new StringBuilder();
      for (int s = 0; s < 40; s++) {
        text.append("The");
        for (int k = 0; k < 8 + s % 5; k++) {
          text.append(' ').append(WORDS[(i * 7 + s * 3 + k) % WORDS.length]);
        }
        text.append(" shall endure in the year ").append(YEARS[i]).append(". ");
      }
      ObjectNode address = json.createObjectNode();
      address.put("year", YEARS[i]);
      address.put("name", "President " + i);
      address.put("party", "None");
      address.put("text", text.toString().strip());
      json.writeValue(data.resolve(YEARS[i] + ".json").toFile(), address);
    }
    return cache;
  }
}
