package io.streamtune.bench.realtext;

import java.util.ArrayList;
import java.util.List;

/** Turns passages into examples of the two tasks. */
public final class Tasks {

  private Tasks() {}

  /** The label task: a passage and its era. */
  public static List<Example> labels(List<Passage> passages) {
    List<Example> out = new ArrayList<>();
    for (Passage p : passages) {
      out.add(new Example(p.text(), Era.of(p.year()), p.addressId()));
    }
    return out;
  }

  /**
   * The generation task: a passage's first sentence (two when the first is shorter than {@code
   * minPromptChars}) as the prompt and the sentence after it as the completion. Passages whose next
   * sentence is longer than {@code maxCompletionChars} are left out, so that a completion fits a
   * small context and its whole loss is measured.
   */
  public static List<Example> generation(
      List<Passage> passages, int minPromptChars, int maxCompletionChars) {
    List<Example> out = new ArrayList<>();
    for (Passage p : passages) {
      List<String> s = p.sentences();
      int k = 1;
      StringBuilder prompt = new StringBuilder(s.get(0));
      while (prompt.length() < minPromptChars && k < s.size() - 1) {
        prompt.append(' ').append(s.get(k++));
      }
      if (k >= s.size()) {
        continue;
      }
      String completion = s.get(k);
      if (completion.length() <= maxCompletionChars) {
        out.add(new Example(prompt.toString(), completion, p.addressId()));
      }
    }
    return out;
  }
}
