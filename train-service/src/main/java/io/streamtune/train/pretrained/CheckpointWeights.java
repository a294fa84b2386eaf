package io.streamtune.train.pretrained;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.safetensors.SafetensorsException;
import io.streamtune.train.safetensors.SafetensorsFile;
import io.streamtune.train.safetensors.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a GPT-2 checkpoint (one or more safetensors files), matched by name and shape
 * against a model's parameters before anything is loaded. A missing tensor, an unexpected one or a
 * shape mismatch is reported together with every other problem found, each naming the tensor, the
 * expected shape and the shape found.
 */
public final class CheckpointWeights implements AutoCloseable {

  /** Where one model parameter comes from. */
  private record Source(SafetensorsFile file, TensorInfo info) {}

  private final List<SafetensorsFile> files;
  private final Map<String, Source> byModelName;
  private final Source lmHead;

  private CheckpointWeights(
      List<SafetensorsFile> files, Map<String, Source> byModelName, Source lmHead) {
    this.files = files;
    this.byModelName = byModelName;
    this.lmHead = lmHead;
  }

  /**
   * Indexes {@code files} and checks them against {@code expected} (model name → shape of every
   * base parameter). Throws a {@link SafetensorsException} listing every problem.
   */
  public static CheckpointWeights match(List<SafetensorsFile> files, Map<String, Shape> expected) {
    Map<String, Source> found = new LinkedHashMap<>();
    Source lmHead = null;
    List<String> problems = new ArrayList<>();
    for (SafetensorsFile file : files) {
      for (TensorInfo info : file.tensors().values()) {
        String name = Gpt2Names.toModel(info.name());
        if (Gpt2Names.isBuffer(name)) {
          continue;
        }
        if (info.name().equals(Gpt2Names.LM_HEAD)) {
          lmHead = new Source(file, info);
          continue;
        }
        Source previous = found.put(name, new Source(file, info));
        if (previous != null) {
          problems.add(
              "tensor '"
                  + name
                  + "' appears twice (as '"
                  + previous.info().name()
                  + "' and '"
                  + info.name()
                  + "')");
        } else if (!expected.containsKey(name)) {
          problems.add(
              "unexpected tensor '"
                  + info.name()
                  + "' "
                  + info.shapeText()
                  + ": no such GPT-2 parameter");
        }
      }
    }
    for (Map.Entry<String, Shape> entry : expected.entrySet()) {
      Source source = found.get(entry.getKey());
      String want = shapeText(entry.getValue());
      if (source == null) {
        problems.add("missing tensor '" + entry.getKey() + "': expected shape " + want);
      } else if (!Arrays.equals(source.info().shape(), entry.getValue().getShape())) {
        problems.add(mismatch(source.info(), entry.getValue()));
      } else if (!source.info().dtype().loadable()) {
        problems.add(
            "tensor '"
                + source.info().name()
                + "' is "
                + source.info().dtype()
                + ": weights must be F32, F16, BF16 or F64");
      }
    }
    Shape wte = expected.get("wte.weight");
    if (lmHead != null && wte != null && !Arrays.equals(lmHead.info().shape(), wte.getShape())) {
      problems.add(mismatch(lmHead.info(), wte));
    }
    if (!problems.isEmpty()) {
      throw new SafetensorsException(
          "checkpoint does not match the GPT-2 shape in config.json ("
              + problems.size()
              + " problem"
              + (problems.size() == 1 ? "" : "s")
              + "):\n  "
              + String.join("\n  ", problems.subList(0, Math.min(problems.size(), 20)))
              + (problems.size() > 20 ? "\n  …" : ""));
    }
    return new CheckpointWeights(files, found, lmHead);
  }

  /**
   * Sets every base parameter of {@code model} to the checkpoint's values (converted to float32,
   * arrays owned by {@code manager}, or written into the arrays the parameters already have);
   * adapters are left as they are. A separate {@code lm_head} must equal {@code wte}: Streamtune's
   * GPT-2 ties them.
   */
  public void loadInto(Gpt2Model model, NDManager manager) {
    for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
      if (Gpt2Model.isAdapter(entry.getKey())) {
        continue;
      }
      Source source = byModelName.get(entry.getKey());
      if (source == null) {
        throw new SafetensorsException("missing tensor '" + entry.getKey() + "'");
      }
      float[] values = source.file().floats(source.info().name());
      Shape shape = model.shapes().get(entry.getKey());
      if (values.length != shape.size()) {
        throw new SafetensorsException(mismatch(source.info(), shape));
      }
      Parameter parameter = entry.getValue();
      if (parameter.isInitialized()) {
        // DJL lets a parameter's array be set only once: overwrite the values in place instead
        parameter.getArray().set(FloatBuffer.wrap(values));
      } else {
        parameter.setArray(manager.create(values, shape));
      }
    }
    if (lmHead != null) {
      checkTied();
    }
  }

  private void checkTied() {
    Source wte = byModelName.get("wte.weight");
    float[] head = lmHead.file().floats(lmHead.info().name());
    float[] embedding = wte.file().floats(wte.info().name());
    if (!Arrays.equals(head, embedding)) {
      throw new SafetensorsException(
          "lm_head.weight differs from wte.weight: Streamtune's GPT-2 ties the LM head to the token"
              + " embedding (tie_word_embeddings=true); an untied head cannot be loaded");
    }
  }

  private static String mismatch(TensorInfo info, Shape expected) {
    String text =
        "tensor '"
            + info.name()
            + "': expected shape "
            + shapeText(expected)
            + ", found "
            + info.shapeText();
    long[] want = expected.getShape();
    if (want.length == 2
        && info.shape().length == 2
        && want[0] == info.shape()[1]
        && want[1] == info.shape()[0]) {
      text += " (transposed: GPT-2's Conv1D stores weights as [in, out], nn.Linear as [out, in])";
    }
    return text;
  }

  static String shapeText(Shape shape) {
    return Arrays.toString(shape.getShape());
  }

  @Override
  public void close() {
    for (SafetensorsFile file : files) {
      file.close();
    }
  }
}
