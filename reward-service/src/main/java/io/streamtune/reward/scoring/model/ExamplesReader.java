package io.streamtune.reward.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.JsonSerde;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled examples, one JSON object per line: {@code {"prompt": "...", "completion": "...",
 * "good": true}}. Blank lines are skipped; a line that is not such an object is counted and skipped
 * (real data is messy), and its line number kept for the report.
 */
public final class ExamplesReader {

  /** The examples read, and the numbers of the lines that were skipped. */
  public record Examples(List<LabelledExample> examples, List<Integer> skippedLines) {}

  private ExamplesReader() {}

  public static Examples read(BufferedReader in) throws IOException {
    List<LabelledExample> examples = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      LabelledExample e = parse(line);
      if (e == null) {
        skipped.add(number);
      } else {
        examples.add(e);
      }
    }
    return new Examples(examples, skipped);
  }

  /** One example, or null when the line is not a usable example. */
  static LabelledExample parse(String line) {
    try {
      JsonNode n = JsonSerde.MAPPER.readTree(line);
      if (n == null
          || !n.isObject()
          || !n.path("completion").isTextual()
          || !n.path("good").isBoolean()
          || !(n.path("prompt").isTextual() || n.path("prompt").isMissingNode())) {
        return null;
      }
      return new LabelledExample(
          n.path("prompt").asText(""), n.get("completion").textValue(), n.get("good").asBoolean());
    } catch (IOException e) {
      return null;
    }
  }
}
