package io.streamtune.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveTest {

  @Test
  void everyRowHasAValueUnderEachHeadingInTheTableAndTheCsv(@TempDir Path dir) throws Exception {
    Curve curve = new Curve("label", List.of("accuracy", "balanced"));
    curve.add(new Curve.Point(1.5, 120, 3840, 20000, 18000, 1.25, 7, 3.5, new double[] {0.7, 0.5}));
    LinkedHashMap<String, double[]> baselines = new LinkedHashMap<>();
    baselines.put("majority", new double[] {0.5, 0.25});
    curve.baselines(baselines);

    List<String> table = curve.table();
    int headings = table.get(0).trim().split("\\s+").length;
    // "mean tok/s", "train loss" and "query s" are two words each in the heading.
    int columns = headings - 3;
    assertEquals(columns, table.get(1).trim().split("\\s+").length, table.toString());
    assertTrue(table.get(2).contains("majority") && table.get(2).contains("0.2500"));

    curve.write(dir, Map.of("seed", 42));
    List<String> csv = Files.readAllLines(dir.resolve("label.csv"));
    assertEquals(csv.get(0).split(",").length, csv.get(1).split(",").length, csv.toString());
    assertTrue(csv.get(1).startsWith("1.500,120,3840,"));
    assertTrue(Files.readString(dir.resolve("label.json")).contains("\"querySeconds\" : 3.5"));
  }
}
