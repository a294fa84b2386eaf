package io.streamtune.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Micrometer meters the services' code declares, found by reading their sources (every module's
 * src/main/java but this one's): each {@code "streamtune.<service>.<thing>"} literal and, where the
 * code shows it, the meter type it is registered as (directly, or through a constant).
 */
final class ServiceCode {
  private ServiceCode() {}

  /** A declared meter name, the module declaring it, and its type when the code shows it. */
  record Declared(String micrometer, String module, String type) {}

  private static final Pattern LITERAL =
      Pattern.compile("\"(streamtune\\.(?:ingest|train|reward|doctor)\\.[a-z0-9_.]*[a-z0-9_])\"");
  private static final Pattern CONSTANT =
      Pattern.compile("(\\w+)\\s*=\\s*\"streamtune\\.[a-z0-9_.]+\"\\s*;");
  private static final Map<String, String> BUILDERS =
      Map.ofEntries(
          Map.entry("FunctionCounter.builder(", "counter"),
          Map.entry("Counter.builder(", "counter"),
          Map.entry(".counter(", "counter"),
          Map.entry("FunctionTimer.builder(", "timer"),
          Map.entry("LongTaskTimer.builder(", "timer"),
          Map.entry("Timer.builder(", "timer"),
          Map.entry(".timer(", "timer"),
          Map.entry("TimeGauge.builder(", "gauge"),
          Map.entry("MultiGauge.builder(", "gauge"),
          Map.entry("Gauge.builder(", "gauge"),
          Map.entry(".gauge(", "gauge"),
          Map.entry(".gaugeCollectionSize(", "gauge"),
          Map.entry(".gaugeMapSize(", "gauge"),
          Map.entry("DistributionSummary.builder(", "summary"),
          Map.entry(".summary(", "summary"),
          // A service's own helper, e.g. gauge(name, tags, fn) or metrics.counter(name, ...).
          Map.entry("counter(", "counter"),
          Map.entry("timer(", "timer"),
          Map.entry("gauge(", "gauge"),
          Map.entry("summary(", "summary"));

  /** Micrometer name → declaration, over all modules with sources. */
  static Map<String, Declared> declared() throws IOException {
    return declared(Repo.root());
  }

  /** As {@link #declared()}, for the modules under {@code root}. */
  static Map<String, Declared> declared(Path root) throws IOException {
    Map<String, Declared> found = new TreeMap<>();
    for (Path module : modules(root)) {
      List<Path> sources = sources(module);
      String all = String.join("\n", sources.stream().map(ServiceCode::read).toList());
      for (Path file : sources) {
        String text = read(file);
        Matcher m = LITERAL.matcher(text);
        while (m.find()) {
          String type = typeAt(text, m.start());
          if (type == null) {
            type = typeThroughConstant(text, m.start(), all);
          }
          Declared previous = found.get(m.group(1));
          if (previous == null || previous.type() == null) {
            found.put(m.group(1), new Declared(m.group(1), module.getFileName().toString(), type));
          }
        }
      }
    }
    return found;
  }

  /** The meter type named right before a literal in the same statement, or null. */
  private static String typeAt(String text, int literalStart) {
    int from = Math.max(0, literalStart - 160);
    String before = text.substring(from, literalStart);
    int cut =
        Math.max(
            before.lastIndexOf(';'), Math.max(before.lastIndexOf('{'), before.lastIndexOf('}')));
    before = before.substring(cut + 1).replaceAll("\\s*([.(])\\s*", "$1").strip();
    return builderType(before);
  }

  /** The meter type of the longest builder call that {@code beforeCompact} ends with, or null. */
  private static String builderType(String beforeCompact) {
    String best = null;
    for (String call : BUILDERS.keySet()) {
      if (!beforeCompact.endsWith(call)) {
        continue;
      }
      int at = beforeCompact.length() - call.length();
      boolean wholeName =
          at == 0
              || !Character.isLetter(call.charAt(0))
              || !Character.isJavaIdentifierPart(beforeCompact.charAt(at - 1));
      if (wholeName && (best == null || call.length() > best.length())) {
        best = call;
      }
    }
    return best == null ? null : BUILDERS.get(best);
  }

  /** For {@code NAME = "streamtune..."}: the type of the builder that receives {@code NAME}. */
  private static String typeThroughConstant(String text, int literalStart, String moduleText) {
    int lineStart = text.lastIndexOf('\n', literalStart) + 1;
    int lineEnd = text.indexOf(';', literalStart);
    Matcher constant =
        CONSTANT.matcher(text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1));
    if (!constant.find()) {
      return null;
    }
    Pattern use = Pattern.compile("([\\w.]*\\()\\s*(?:\\w+\\.)?" + constant.group(1) + "\\b");
    Matcher m = use.matcher(moduleText);
    while (m.find()) {
      String type = builderType(m.group(1));
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  private static List<Path> modules(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java")))
          .filter(d -> !d.getFileName().toString().equals("metrics"))
          .sorted()
          .toList();
    }
  }

  private static List<Path> sources(Path module) throws IOException {
    Path src = module.resolve("src/main/java");
    if (!Files.isDirectory(src)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(src)) {
      return new ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).sorted().toList());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
