package dev.jobnet.engine.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * The content of a mail as blocks, written once and rendered twice: as plain text (readable in any
 * mail program, and what tests and filters read) and as HTML. Text is kept as it is, any language
 * included; the HTML escapes it.
 */
public final class MailBody {

  /** One part of a mail. */
  public sealed interface Block {}

  /** A paragraph. */
  public record Paragraph(String text) implements Block {}

  /** Labelled facts, one a line; a fact with no value is left out. */
  public record Facts(List<Fact> facts) implements Block {}

  public record Fact(String label, String value) {}

  /** A titled list. */
  public record Items(String title, List<String> items) implements Block {}

  /** A titled block of text kept as it is (job output). */
  public record Preformatted(String title, String text) implements Block {}

  /** Titled links. */
  public record Links(List<Link> links) implements Block {}

  public record Link(String label, String url) {}

  private final List<Block> blocks = new ArrayList<>();

  public MailBody paragraph(String text) {
    blocks.add(new Paragraph(text));
    return this;
  }

  public MailBody facts(Fact... facts) {
    List<Fact> present = new ArrayList<>();
    for (Fact f : facts) {
      if (f.value() != null && !f.value().isBlank()) {
        present.add(f);
      }
    }
    if (!present.isEmpty()) {
      blocks.add(new Facts(present));
    }
    return this;
  }

  public MailBody items(String title, List<String> items) {
    if (!items.isEmpty()) {
      blocks.add(new Items(title, List.copyOf(items)));
    }
    return this;
  }

  public MailBody preformatted(String title, String text) {
    blocks.add(new Preformatted(title, text));
    return this;
  }

  public MailBody links(Link... links) {
    blocks.add(new Links(List.of(links)));
    return this;
  }

  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    for (Block block : blocks) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      if (block instanceof Paragraph p) {
        out.append(p.text()).append('\n');
      } else if (block instanceof Facts f) {
        int width = f.facts().stream().mapToInt(x -> x.label().length()).max().orElse(0) + 1;
        for (Fact x : f.facts()) {
          out.append(String.format("%-" + width + "s ", x.label() + ":")).append(x.value()).append('\n');
        }
      } else if (block instanceof Items i) {
        out.append(i.title()).append('\n');
        i.items().forEach(item -> out.append("  - ").append(item).append('\n'));
      } else if (block instanceof Preformatted p) {
        out.append(p.title()).append('\n');
        p.text().lines().forEach(line -> out.append("  | ").append(line).append('\n'));
      } else if (block instanceof Links l) {
        l.links().forEach(x -> out.append(x.label()).append(":\n  ").append(x.url()).append('\n'));
      }
    }
    return out.toString();
  }

  public String html() {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"></head>"
        + "<body style=\"font-family: sans-serif; font-size: 14px;\">\n");
    for (Block block : blocks) {
      if (block instanceof Paragraph p) {
        out.append("<p>").append(escape(p.text())).append("</p>\n");
      } else if (block instanceof Facts f) {
        out.append("<table style=\"border-collapse: collapse;\">\n");
        for (Fact x : f.facts()) {
          out.append("<tr><th style=\"text-align: left; padding: 2px 12px 2px 0;\">").append(escape(x.label()))
              .append("</th><td>").append(escape(x.value())).append("</td></tr>\n");
        }
        out.append("</table>\n");
      } else if (block instanceof Items i) {
        out.append("<p>").append(escape(i.title())).append("</p>\n<ul>\n");
        i.items().forEach(item -> out.append("<li>").append(escape(item)).append("</li>\n"));
        out.append("</ul>\n");
      } else if (block instanceof Preformatted p) {
        out.append("<p>").append(escape(p.title()))
            .append("</p>\n<pre style=\"background: #f4f4f4; padding: 8px;\">").append(escape(p.text()))
            .append("</pre>\n");
      } else if (block instanceof Links l) {
        out.append("<p>\n");
        l.links().forEach(x -> out.append("<a href=\"").append(escape(x.url())).append("\">").append(escape(x.label()))
            .append("</a><br>\n"));
        out.append("</p>\n");
      }
    }
    return out.append("</body></html>\n").toString();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
