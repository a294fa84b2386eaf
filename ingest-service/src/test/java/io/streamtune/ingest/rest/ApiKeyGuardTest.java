package io.streamtune.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyGuardTest {

  @Test
  void unsetKeyAnswers503WrongOrMissing401RightNull() {
    ApiKeyGuard unset = new ApiKeyGuard(Optional::empty);
    assertEquals(503, unset.check("anything").getStatus());
    ApiKeyGuard set = new ApiKeyGuard(() -> Optional.of("s3cret"));
    assertEquals(401, set.check(null).getStatus());
    assertEquals(401, set.check("s3cre").getStatus());
    assertNull(set.check("s3cret"));
  }
}
