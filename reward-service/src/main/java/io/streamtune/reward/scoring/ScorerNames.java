package io.streamtune.reward.scoring;

import java.util.List;

/** The scorer names accepted in {@code reward.scorers}. */
public final class ScorerNames {

  public static final String LABEL_MATCH = "label_match";
  public static final String FORMAT = "format";
  public static final String LENGTH = "length";
  public static final String KEYWORDS = "keywords";
  public static final String REWARD_MODEL = "reward_model";

  public static final List<String> ALL =
      List.of(LABEL_MATCH, FORMAT, LENGTH, KEYWORDS, REWARD_MODEL);

  private ScorerNames() {}
}
