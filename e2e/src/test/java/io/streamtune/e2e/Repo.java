package io.streamtune.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where ./streamtune and docker-compose.yml live. */
final class Repo {

  static Path root() {
    String configured = System.getProperty("streamtune.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("streamtune"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + start);
  }

  private Repo() {}
}
