package dev.jobnet.converter.yaml;

import java.io.StringReader;
import java.text.Normalizer;
import java.util.BitSet;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The form of a job or root jobnet id. An id becomes a BPMN element id (an XML NCName, checked by
 * Camunda's BPMN parser), a part of job paths joined with {@code .}, a value of the {@code MM_*}
 * variables, and a piece of URLs; so an id:
 *
 * <ul>
 *   <li>starts with a letter of any script ({@code a}, {@code É}, {@code 夜}, {@code ж}), not {@code _},
 *       which starts the ids of the elements the converter adds ({@code _start}, {@code _join});
 *   <li>goes on with letters, digits and combining marks of any script, {@code _} and {@code -}, and
 *       the few other characters an NCName allows ({@code ·}, {@code ー});
 *   <li>holds no {@code .} (it separates the ids of a job path), no space and no invisible character;
 *   <li>is written in Unicode normalization form C (NFC), so two ids that look the same are the same.
 * </ul>
 *
 * Which characters an NCName may hold is decided by the JDK's XML parser, the one Camunda's BPMN
 * parser uses: its tables are those of XML 1.0 before the 5th edition, which leave out some
 * characters the 5th edition allows (characters beyond the basic multilingual plane such as
 * {@code 𠮷}, the katakana middle dot {@code ・}). Each character is asked about once per JVM.
 */
public final class IdRule {

  private static final int BMP = 0x10000;
  private static final BitSet ASKED_START = new BitSet(BMP);
  private static final BitSet START = new BitSet(BMP);
  private static final BitSet ASKED_PART = new BitSet(BMP);
  private static final BitSet PART = new BitSet(BMP);

  private IdRule() {}

  /** Why {@code id} is not allowed (completing "id 'X' is not allowed: "), or empty when it is. */
  public static Optional<String> problem(String id) {
    if (id.isEmpty()) {
      return Optional.of("an id cannot be empty");
    }
    if (!Normalizer.isNormalized(id, Normalizer.Form.NFC)) {
      return Optional.of("it is not in Unicode normalization form C (NFC), so it could differ from an id that looks"
          + " the same; write it as '" + Normalizer.normalize(id, Normalizer.Form.NFC) + "'");
    }
    int first = id.codePointAt(0);
    if (first == '_') {
      return Optional.of("ids that start with '_' are kept for the elements the converter adds; start with a letter");
    }
    if (!Character.isLetter(first)) {
      return Optional.of("start with a letter (of any script), then letters, digits, '_' or '-' (put other"
          + " characters in 'name:')");
    }
    for (int i = 0; i < id.length(); ) {
      int c = id.codePointAt(i);
      boolean atStart = i == 0;
      i += Character.charCount(c);
      if (c == '.') {
        return Optional.of("'.' separates the ids of nested jobnets in job paths (MM_ACTUAL_JOB_NAME_PATH); use '-'"
            + " or '_' (put other characters in 'name:')");
      }
      int type = Character.getType(c);
      if (type == Character.FORMAT || type == Character.CONTROL || Character.isWhitespace(c)
          || Character.isSpaceChar(c)) {
        return Optional.of("it holds a space or an invisible character (" + codePoint(c) + "); use '-' or '_'"
            + " (put spaces in 'name:')");
      }
      if (c == ':' || !namePart(c)) {
        return Optional.of(quoted(c) + " cannot be part of a BPMN id; use letters, digits, '_' or '-' (put other"
            + " characters in 'name:')");
      }
      if (atStart && !nameStart(c)) {
        return Optional.of(quoted(c) + " cannot start a BPMN id; start with another letter");
      }
    }
    return Optional.empty();
  }

  /** {@code '・' (U+30FB)}. */
  private static String quoted(int c) {
    return "'" + new String(Character.toChars(c)) + "' (" + codePoint(c) + ")";
  }

  private static String codePoint(int c) {
    return String.format("U+%04X", c);
  }

  /** Whether an XML name may start with {@code c}. */
  private static boolean nameStart(int c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }
    return c < BMP && asked(c, ASKED_START, START, "<" + (char) c + "/>");
  }

  /** Whether an XML name may hold {@code c} after its first character. */
  private static boolean namePart(int c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
    return c < BMP && asked(c, ASKED_PART, PART, "<a" + (char) c + "/>");
  }

  private static boolean asked(int c, BitSet asked, BitSet answers, String document) {
    synchronized (asked) {
      if (!asked.get(c)) {
        answers.set(c, wellFormed(document));
        asked.set(c);
      }
      return answers.get(c);
    }
  }

  private static boolean wellFormed(String document) {
    try {
      parser().parse(new InputSource(new StringReader(document)), new DefaultHandler());
      return true;
    } catch (SAXException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static SAXParser parser() {
    try {
      SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
      factory.setNamespaceAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      SAXParser parser = factory.newSAXParser();
      return parser;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be made", e);
    }
  }
}
