package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamW} and global-norm clipping against the update written out by hand from PyTorch's
 * documentation, in doubles, element by element:
 *
 * <pre>
 * clip_grad_norm_:  n = ‖(g of all tensors)‖₂;  g ← g · max / (n + 1e-6)  if n &gt; max
 * torch.optim.AdamW, step t:
 *   θ ← θ − γλθ                       (decoupled decay, before the moments)
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *   m̂ = m / (1 − β₁ᵗ);     v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − γ m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>Three tensors, three steps (the first and third clipped, the second not): a matrix that
 * decays, a bias and an embedding that do not.
 */
class AdamWTest {

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;
  static final double LR = 0.05;
  static final double WD = 0.1;
  static final double MAX_NORM = 1.0;

  static final String[] NAMES = {"h.0.mlp.c_fc.weight", "h.0.mlp.c_fc.bias", "wte.weight"};
  static final Shape[] SHAPES = {new Shape(2, 3), new Shape(3), new Shape(2, 2)};
  static final boolean[] DECAYS = {true, false, false};

  static final double[][] START = {
    {0.5, -1.2, 0.3, 2.0, -0.7, 0.1}, {0.2, -0.4, 0.9}, {1.5, -0.5, 0.25, -2.0}
  };

  /** The gradient of each tensor at each step (the loss is Σ g·θ, so its gradient is g). */
  static final double[][][] GRADIENTS = {
    {
      {0.9, -0.3, 0.6, 0.1, 1.1, -0.8}, {0.4, 0.5, -0.2}, {-0.6, 0.3, 0.7, 0.2}
    }, // norm 2.1: clipped
    {{-0.1, 0.05, 0.2, -0.15, 0.1, 0.02}, {0.03, -0.2, 0.1}, {0.1, -0.05, 0.0, 0.3}}, // norm 0.49
    {
      {2.0, 1.5, -1.0, 0.5, -2.5, 1.0}, {-1.0, 0.8, 0.6}, {0.4, -1.2, 0.9, -0.3}
    } // norm 4.4: clipped
  };

  @Test
  void updatesAndClippingMatchPyTorchsDocumentedRule() {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      Map<String, Parameter> parameters = new LinkedHashMap<>();
      for (int i = 0; i < NAMES.length; i++) {
        NDArray array = manager.create(toFloats(START[i]), SHAPES[i]);
        array.setRequiresGradient(true);
        parameters.put(
            NAMES[i],
            Parameter.builder()
                .setName(NAMES[i])
                .setType(Parameter.Type.WEIGHT)
                .optShape(SHAPES[i])
                .optArray(array)
                .build());
        assertEquals(DECAYS[i], AdamW.decays(NAMES[i], SHAPES[i]), NAMES[i]);
      }
      AdamW adam = new AdamW(parameters, manager, BETA1, BETA2, EPS);
      Reference reference = new Reference();
      boolean[] clipped = new boolean[GRADIENTS.length];
      for (int t = 0; t < GRADIENTS.length; t++) {
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray loss = step.create(0f);
            for (int i = 0; i < NAMES.length; i++) {
              NDArray g = step.create(toFloats(GRADIENTS[t][i]), SHAPES[i]);
              loss = loss.add(parameters.get(NAMES[i]).getArray().mul(g).sum());
            }
            collector.backward(loss);
          }
          double norm = adam.gradientNorm(step);
          double expectedNorm = Reference.globalNorm(GRADIENTS[t]);
          assertEquals(expectedNorm, norm, 1e-6 * expectedNorm, "global norm, step " + (t + 1));
          double scale = AdamW.clipScale(norm, MAX_NORM);
          clipped[t] = scale < 1;
          double ratio = adam.update(step, LR, WD, scale);
          adam.zeroGradients();
          double expectedRatio = reference.step(GRADIENTS[t]);
          assertEquals(expectedRatio, ratio, 1e-5 * expectedRatio, "‖Δθ‖/‖θ‖, step " + (t + 1));
          for (int i = 0; i < NAMES.length; i++) {
            assertArrayEquals(
                toFloats(reference.theta[i]),
                parameters.get(NAMES[i]).getArray().toFloatArray(),
                2e-6f,
                NAMES[i] + " after step " + (t + 1));
          }
        }
      }
      assertArrayEquals(new boolean[] {true, false, true}, clipped, "which steps clipped");
      assertEquals(3, adam.updates());
    }
  }

  @Test
  void clipScaleIsPyTorchsClipCoefficient() {
    assertEquals(1.0, AdamW.clipScale(0.99, 1.0));
    assertEquals(1.0, AdamW.clipScale(5.0, 0.0), "max 0 turns clipping off");
    assertEquals(0.5 / (2.0 + 1e-6), AdamW.clipScale(2.0, 0.5), 1e-15);
    assertTrue(AdamW.clipScale(1e6, 1.0) * 1e6 <= 1.0);
  }

  /** The documented algorithm in doubles. */
  static final class Reference {
    final double[][] theta = new double[START.length][];
    final double[][] m = new double[START.length][];
    final double[][] v = new double[START.length][];
    int t;

    Reference() {
      for (int i = 0; i < START.length; i++) {
        theta[i] = START[i].clone();
        m[i] = new double[START[i].length];
        v[i] = new double[START[i].length];
      }
    }

    static double globalNorm(double[][] gradients) {
      double sum = 0;
      for (double[] g : gradients) {
        for (double x : g) {
          sum += x * x;
        }
      }
      return Math.sqrt(sum);
    }

    /** One step; returns ‖θ_new − θ_old‖ / ‖θ_old‖ over all tensors. */
    double step(double[][] gradients) {
      t++;
      double norm = globalNorm(gradients);
      double clip = norm > MAX_NORM ? MAX_NORM / (norm + 1e-6) : 1.0;
      double deltaSq = 0;
      double thetaSq = 0;
      for (int i = 0; i < theta.length; i++) {
        for (int j = 0; j < theta[i].length; j++) {
          double old = theta[i][j];
          double g = gradients[i][j] * clip;
          double p = DECAYS[i] ? old - LR * WD * old : old;
          m[i][j] = BETA1 * m[i][j] + (1 - BETA1) * g;
          v[i][j] = BETA2 * v[i][j] + (1 - BETA2) * g * g;
          double mHat = m[i][j] / (1 - Math.pow(BETA1, t));
          double vHat = v[i][j] / (1 - Math.pow(BETA2, t));
          theta[i][j] = p - LR * mHat / (Math.sqrt(vHat) + EPS);
          deltaSq += (theta[i][j] - old) * (theta[i][j] - old);
          thetaSq += old * old;
        }
      }
      return Math.sqrt(deltaSq / thetaSq);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
