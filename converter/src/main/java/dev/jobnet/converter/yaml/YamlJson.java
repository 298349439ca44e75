package dev.jobnet.converter.yaml;

import dev.jobnet.protocol.http.Placeholders;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML value as JSON text, for an http job's {@code body:}: mappings as objects (keys as text),
 * sequences as arrays, and scalars as YAML 1.1 resolved them: numbers, {@code true}/{@code false},
 * {@code null}, and text for the rest (quoted YAML text stays text: {@code "42"} is the string 42).
 */
final class YamlJson {

  private YamlJson() {}

  static String of(Node node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString();
  }

  private static void write(Node node, StringBuilder sb) {
    if (node instanceof MappingNode m) {
      sb.append('{');
      boolean first = true;
      for (NodeTuple t : m.getValue()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(((ScalarNode) t.getKeyNode()).getValue(), sb);
        sb.append(':');
        write(t.getValueNode(), sb);
      }
      sb.append('}');
    } else if (node instanceof SequenceNode s) {
      sb.append('[');
      for (int i = 0; i < s.getValue().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(s.getValue().get(i), sb);
      }
      sb.append(']');
    } else {
      scalar((ScalarNode) node, sb);
    }
  }

  private static void scalar(ScalarNode n, StringBuilder sb) {
    String v = n.getValue();
    Tag tag = n.getTag();
    if (Tag.NULL.equals(tag)) {
      sb.append("null");
    } else if (Tag.BOOL.equals(tag)) {
      sb.append(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on") ? "true" : "false");
    } else if (Tag.INT.equals(tag) && isJsonNumber(v)) {
      sb.append(new BigInteger(v.replace("_", "")).toString());
    } else if (Tag.FLOAT.equals(tag) && isJsonNumber(v)) {
      sb.append(new BigDecimal(v.replace("_", "")).toString());
    } else {
      string(v, sb);
    }
  }

  /** A decimal number JSON can hold as written (not 0x1F, .inf, 1_000 aside from its underscores). */
  private static boolean isJsonNumber(String v) {
    try {
      new BigDecimal(v.replace("_", ""));
      return !v.startsWith("0x") && !v.startsWith("0o") && !v.startsWith("+");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void string(String v, StringBuilder sb) {
    sb.append('"').append(Placeholders.jsonEscape(v)).append('"');
  }
}
