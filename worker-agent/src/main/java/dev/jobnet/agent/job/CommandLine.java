package dev.jobnet.agent.job;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's {@code run:} line split into a program and its arguments the way a POSIX shell splits
 * words, without a shell: whitespace separates words, single quotes keep everything literally,
 * double quotes keep spaces and allow {@code \"} and {@code \\}, a backslash outside quotes escapes
 * the next character. No globbing, no variables, no pipes: parameters reach commands only through
 * the environment, never through the command text.
 */
public record CommandLine(List<String> argv) {

  public CommandLine {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command line needs a program");
    }
  }

  public String program() {
    return argv.get(0);
  }

  /** Splits a command line; throws {@link IllegalArgumentException} saying what is wrong. */
  public static CommandLine parse(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced ' at column " + (i + 1) + " of the command");
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < line.length()) {
          char d = line.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
            word.append(line.charAt(i + 1));
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unbalanced \" in the command");
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("the command ends with a lone backslash");
        }
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the command is empty");
    }
    return new CommandLine(words);
  }
}
