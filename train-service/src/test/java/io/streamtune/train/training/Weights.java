package io.streamtune.train.training;

import io.streamtune.train.model.Gpt2Model;
import java.util.LinkedHashMap;
import java.util.Map;

/** Host copies of a trainer's tensors, for bit-exact comparisons in tests. */
final class Weights {

  private Weights() {}

  static Map<String, float[]> of(OnlineTrainer trainer) {
    return of(trainer.model());
  }

  /** The weights evaluation, requests and export read (the moving average when there is one). */
  static Map<String, float[]> read(OnlineTrainer trainer) {
    return trainer.withModel(Weights::of);
  }

  static Map<String, float[]> of(Gpt2Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    model.namedParameters().forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
    return out;
  }

  static Map<String, float[]> moments(OnlineTrainer trainer) {
    Map<String, float[]> out = new LinkedHashMap<>();
    trainer.optimizer().firstMoments().forEach((n, a) -> out.put("m." + n, a.toFloatArray()));
    trainer.optimizer().secondMoments().forEach((n, a) -> out.put("v." + n, a.toFloatArray()));
    return out;
  }

  static boolean bitEqual(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** Names whose tensors differ between two snapshots (bitwise). */
  static java.util.List<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
    return before.keySet().stream().filter(n -> !bitEqual(before.get(n), after.get(n))).toList();
  }
}
