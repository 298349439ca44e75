package dev.jobnet.converter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeSet;

/**
 * Writes large jobnets of the shapes users write besides B1's own (issue 15): each a root jobnet
 * {@code shape} of about the number of jobs asked for.
 *
 * <ul>
 *   <li>{@code wide}: 50 parallel chains, each job linked to the next job of its own chain and of the
 *       neighbouring chain (a wide layered graph with cross edges), no nesting;
 *   <li>{@code chain}: one long chain;
 *   <li>{@code dense}: a random graph (fixed seed) where each job names 3 later jobs within the next 50;
 *   <li>{@code fanin}: one job fanning out to all the others, which all join into one last job;
 *   <li>{@code deep}: nested jobnets 30 levels deep (about the YAML nesting limit), each level a chain.
 * </ul>
 *
 * <p>{@code java ... ShapeJobnetGenerator SHAPE JOBS FILE}.
 */
public final class ShapeJobnetGenerator {

  public static final String[] SHAPES = {"wide", "chain", "dense", "fanin", "deep"};
  static final int CHAINS = 50;
  static final int DENSE_EDGES = 3;
  static final int DENSE_WINDOW = 50;
  static final int DEPTH = 30;

  private ShapeJobnetGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: ShapeJobnetGenerator wide|chain|dense|fanin|deep JOBS FILE");
      System.exit(2);
    }
    String yaml = yaml(args[0], Integer.parseInt(args[1]));
    Files.writeString(Path.of(args[2]), yaml, StandardCharsets.UTF_8);
    System.out.println("wrote " + args[2] + ": " + jobs(yaml) + " jobs");
  }

  /** The number of jobs in a generated document (its {@code run:} lines). */
  static long jobs(String yaml) {
    return yaml.lines().filter(l -> l.contains("{ run: ")).count();
  }

  public static String yaml(String shape, int jobs) {
    StringBuilder sb = new StringBuilder(jobs * 60);
    sb.append("version: 1\njobnets:\n  ").append(shape).append(":\n    jobs:\n");
    switch (shape) {
      case "wide" -> wide(sb, jobs);
      case "chain" -> chain(sb, jobs, "j", "      ");
      case "dense" -> dense(sb, jobs);
      case "fanin" -> fanin(sb, jobs);
      case "deep" -> deep(sb, jobs);
      default -> throw new IllegalArgumentException("unknown shape " + shape + ": one of wide, chain, dense, fanin, deep");
    }
    return sb.toString();
  }

  private static void wide(StringBuilder sb, int jobs) {
    int layers = Math.max(2, jobs / CHAINS);
    for (int layer = 0; layer < layers; layer++) {
      for (int c = 0; c < CHAINS; c++) {
        sb.append("      ").append(wideId(c, layer)).append(": { run: w.sh");
        if (layer + 1 < layers) {
          sb.append(", next: [").append(wideId(c, layer + 1));
          if (c + 1 < CHAINS) {
            sb.append(", ").append(wideId(c + 1, layer + 1));
          }
          sb.append(']');
        }
        sb.append(" }\n");
      }
    }
  }

  private static String wideId(int chain, int layer) {
    return "c" + chain + "-" + layer;
  }

  private static void chain(StringBuilder sb, int jobs, String prefix, String indent) {
    for (int i = 0; i < jobs; i++) {
      sb.append(indent).append(prefix).append(i).append(": { run: c.sh");
      if (i + 1 < jobs) {
        sb.append(", next: ").append(prefix).append(i + 1);
      }
      sb.append(" }\n");
    }
  }

  private static void dense(StringBuilder sb, int jobs) {
    Random random = new Random(15);
    for (int i = 0; i < jobs; i++) {
      sb.append("      j").append(i).append(": { run: d.sh");
      TreeSet<Integer> next = new TreeSet<>();
      int room = Math.min(DENSE_WINDOW, jobs - 1 - i);
      while (next.size() < Math.min(DENSE_EDGES, room)) {
        next.add(i + 1 + random.nextInt(room));
      }
      if (!next.isEmpty()) {
        sb.append(", next: [");
        boolean first = true;
        for (int n : next) {
          sb.append(first ? "" : ", ").append('j').append(n);
          first = false;
        }
        sb.append(']');
      }
      sb.append(" }\n");
    }
  }

  private static void fanin(StringBuilder sb, int jobs) {
    int workers = Math.max(1, jobs - 2);
    sb.append("      split: { run: s.sh, next: [");
    for (int i = 0; i < workers; i++) {
      sb.append(i == 0 ? "" : ", ").append('w').append(i);
    }
    sb.append("] }\n");
    for (int i = 0; i < workers; i++) {
      sb.append("      w").append(i).append(": { run: w.sh, next: join }\n");
    }
    sb.append("      join: { run: j.sh }\n");
  }

  private static void deep(StringBuilder sb, int jobs) {
    int perLevel = Math.max(1, jobs / DEPTH);
    String indent = "      ";
    for (int level = 0; level < DEPTH; level++) {
      chain(sb, perLevel, "l" + level + "-", indent);
      if (level + 1 < DEPTH) {
        sb.append(indent).append("n").append(level + 1).append(":\n");
        sb.append(indent).append("  jobnet:\n");
        sb.append(indent).append("    jobs:\n");
        indent = indent + "      ";
      }
    }
  }
}
