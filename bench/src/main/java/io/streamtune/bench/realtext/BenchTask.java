package io.streamtune.bench.realtext;

import io.streamtune.bench.run.Http;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;

/** One task of the benchmark: its data, its settings, its baselines and how it is measured. */
interface BenchTask {

  /** label or generation. */
  String name();

  /** What the numbers are, for the table's title. */
  String measure();

  /** The service settings a README reader would choose for this task (-D…). */
  List<String> settings();

  /** The messy training stream as NDJSON lines. */
  List<String> streamLines();

  /** Lines describing the data: sizes, what the messing did, the held-out set. */
  List<String> describe();

  /** Column names of {@link #measureNow}, in order. */
  List<String> columns();

  /** The baselines' values for the same columns (name → values; NaN where none applies). */
  LinkedHashMap<String, double[]> baselines();

  /** Streamtune's values now, read from the running trainer. */
  double[] measureNow(Http http) throws IOException, InterruptedException;
}
