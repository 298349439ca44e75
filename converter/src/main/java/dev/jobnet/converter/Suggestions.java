package dev.jobnet.converter;

import java.util.Collection;
import java.util.Optional;

/** Finds the known name closest to a misspelt one, for "did you mean ...?" hints. */
public final class Suggestions {

  private Suggestions() {}

  /** The closest candidate within a small edit distance, or empty when nothing is close. */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = Math.max(1, wrong.length() / 3);
    for (String candidate : candidates) {
      if (Math.abs(candidate.length() - wrong.length()) > limit) {
        continue;
      }
      int d = distance(wrong.toLowerCase(), candidate.toLowerCase());
      // As far away as a complete rewrite ('b' for 'a'): no suggestion.
      if (d < bestDistance && d <= limit && d < Math.max(wrong.length(), candidate.length())) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code "; did you mean 'x'?"} or the empty string. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    return closest(wrong, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  /** Optimal string alignment distance: Levenshtein plus swapped neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
