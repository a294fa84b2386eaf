package io.streamtune.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

  static final String PREDICT = "/train/predict";

  static ApiKeyFilter filter(String key, boolean predict) {
    return new ApiKeyFilter(Optional.ofNullable(key), predict, Optional.of(List.of(PREDICT)));
  }

  @Test
  void guardsChangingMethodsWithTheTrimmedKey() {
    ApiKeyFilter f = filter("  s3cret\n", false);
    assertNull(f.check(HttpMethod.GET, "/records", null), "reads are open");
    assertEquals(401, f.check(HttpMethod.POST, "/records", null).status());
    assertEquals(401, f.check(HttpMethod.POST, "/records", "s3cre").status());
    assertEquals(401, f.check(HttpMethod.DELETE, "/records", "s3cret-and-more").status());
    assertNull(f.check(HttpMethod.POST, "/records", "s3cret"));
    assertNull(f.check(HttpMethod.PUT, "/records", " s3cret "), "the presented key is trimmed too");
  }

  @Test
  void noKeyConfiguredAnswers503SayingWhatToSet() {
    for (String unset : new String[] {null, "", "   "}) {
      ApiKeyFilter.Rejection r = filter(unset, false).check(HttpMethod.POST, "/records", "x");
      assertEquals(503, r.status());
      assertTrue(r.message().contains("STREAMTUNE_API_KEY"), r.message());
    }
  }

  @Test
  void predictPathsAreOpenUnlessAuthPredictIsOn() {
    assertNull(filter("k", false).check(HttpMethod.POST, PREDICT, null));
    assertNull(filter("k", false).check(HttpMethod.POST, PREDICT + "/", null));
    assertEquals(401, filter("k", true).check(HttpMethod.POST, PREDICT, null).status());
    assertNull(filter("k", true).check(HttpMethod.POST, PREDICT, "k"));
    assertEquals(401, filter("k", false).check(HttpMethod.POST, "/train/admin/x", null).status());
  }
}
