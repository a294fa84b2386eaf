package io.streamtune.reward.scoring.model;

import java.util.List;

/** How well scores separate good from bad examples. */
public final class Evaluation {

  private Evaluation() {}

  /** Fraction classified right with threshold 0.5. */
  public static double accuracy(double[] scores, List<LabelledExample> examples) {
    if (examples.isEmpty()) {
      return Double.NaN;
    }
    int right = 0;
    for (int i = 0; i < scores.length; i++) {
      if ((scores[i] >= 0.5) == examples.get(i).good()) {
        right++;
      }
    }
    return (double) right / examples.size();
  }

  /**
   * Area under the ROC curve: the chance that a random good example scores above a random bad one
   * (ties count half). 0.5 is chance.
   */
  public static double auc(double[] scores, List<LabelledExample> examples) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!examples.get(i).good()) {
        continue;
      }
      for (int j = 0; j < scores.length; j++) {
        if (examples.get(j).good()) {
          continue;
        }
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }
}
