package io.streamtune.ingest.clean;

import java.util.List;

/** The stable reason codes on {@code records.rejected}, in the order the checks run. */
public final class Reasons {

  /** The raw value is over {@code ingest.limits.max-record-bytes}. */
  public static final String TOO_LARGE = "too_large";

  /** The raw value is not valid UTF-8. */
  public static final String INVALID_UTF8 = "invalid_utf8";

  /** Not JSON (or empty, or a tombstone, or duplicate keys, or trailing garbage). */
  public static final String MALFORMED = "malformed";

  /** JSON, but not an object. */
  public static final String NOT_OBJECT = "not_object";

  /** A required field is absent or null. */
  public static final String MISSING_FIELD = "missing_field";

  /** A field has the wrong JSON type (e.g. a number where text belongs). */
  public static final String WRONG_TYPE = "wrong_type";

  /** The input or target is empty after cleaning. */
  public static final String BLANK = "blank";

  /** The label is not allowed after alias mapping. */
  public static final String UNKNOWN_LABEL = "unknown_label";

  /** The cleaned input or target is over {@code ingest.limits.max-chars}. */
  public static final String TOO_LONG = "too_long";

  /** Same normalized input and target as a kept record. */
  public static final String DUPLICATE = "duplicate";

  /** A case, spacing, punctuation (or MinHash-close) variant of a kept record, same target. */
  public static final String NEAR_DUPLICATE = "near_duplicate";

  /** The same (or near-same) input as a kept record with a different target. */
  public static final String LABEL_CONFLICT = "label_conflict";

  public static final List<String> ALL =
      List.of(
          TOO_LARGE,
          INVALID_UTF8,
          MALFORMED,
          NOT_OBJECT,
          MISSING_FIELD,
          WRONG_TYPE,
          BLANK,
          UNKNOWN_LABEL,
          TOO_LONG,
          DUPLICATE,
          NEAR_DUPLICATE,
          LABEL_CONFLICT);

  private Reasons() {}
}
