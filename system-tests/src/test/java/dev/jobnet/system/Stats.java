package dev.jobnet.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, percentiles and extremes of a benchmark's samples (milliseconds). */
record Stats(int count, double median, double p90, double p99, double min, double max, double mean) {

  static Stats of(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> s = new ArrayList<>(samples);
    Collections.sort(s);
    double mean = s.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return new Stats(s.size(), rank(s, 0.50), rank(s, 0.90), rank(s, 0.99), s.get(0), s.get(s.size() - 1), mean);
  }

  /** The nearest-rank percentile. */
  private static double rank(List<Double> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  ObjectNode toJson(ObjectMapper json) {
    return json.createObjectNode().put("count", count).put("median", round(median)).put("p90", round(p90))
        .put("p99", round(p99)).put("min", round(min)).put("max", round(max)).put("mean", round(mean));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @Override
  public String toString() {
    return String.format("median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", median, p90, p99, max,
        count);
  }
}
