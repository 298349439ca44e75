package dev.jobnet.converter.authored;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An XML document read into a DOM that remembers where each element starts ({@code line:column} of
 * its {@code <}), and written back byte for byte the same way every time. The DOM is built from a
 * StAX reader with DTDs and external entities off, so a hostile file cannot reach the network or the
 * disk.
 */
final class XmlTree {

  /**
   * Where an element starts, and the qualified names of its attributes in the order they were read (to
   * write them so). Kept beside the DOM: the DOM's own user data costs a map per node.
   */
  private record Read(int line, int column, List<String> attributes) {}

  private static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";

  private final Document document;
  private final Map<Element, Read> read;
  /** Parts kept as the text they were read as (the diagram), by the element that stands for each. */
  private final Map<Element, String> verbatim;
  private boolean modified;

  private XmlTree(Document document, Map<Element, Read> read, Map<Element, String> verbatim) {
    this.document = document;
    this.read = read;
    this.verbatim = verbatim;
  }

  /** Marks the document changed: {@link #write} is needed to get what it now holds. */
  void modified() {
    modified = true;
  }

  boolean isModified() {
    return modified;
  }

  /** Thrown when the text is not well-formed XML, with where the parser stopped. */
  static final class MalformedXmlException extends Exception {
    private final int line;
    private final int column;

    MalformedXmlException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    int line() {
      return line;
    }

    int column() {
      return column;
    }
  }

  Document document() {
    return document;
  }

  Element root() {
    return document.getDocumentElement();
  }

  static XmlTree parse(String text) throws MalformedXmlException {
    Document doc;
    try {
      DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
      dbf.setNamespaceAware(true);
      doc = dbf.newDocumentBuilder().newDocument();
      // The parser has checked every name already; the DOM need not check them again.
      doc.setStrictErrorChecking(false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    int[] lineStarts = lineStarts(text);
    Map<Element, Read> read = new IdentityHashMap<>();
    Map<Element, String> verbatim = new IdentityHashMap<>();
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new StringReader(text));
      Node current = doc;
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (current.getParentNode() == doc && BPMNDI.equals(r.getNamespaceURI())) {
              // The diagram is written back as it was read and never looked into: kept as text, it costs
              // no DOM (half of a large file's nodes).
              int start = offset(text, lineStarts, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber());
              start = text.lastIndexOf('<', Math.max(0, start - 1));
              for (int depth = 1; depth > 0; ) {
                int ev = r.next();
                depth += ev == XMLStreamConstants.START_ELEMENT ? 1 : ev == XMLStreamConstants.END_ELEMENT ? -1 : 0;
              }
              int end = offset(text, lineStarts, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber());
              Element placeholder = doc.createElementNS(null, "jobnet-verbatim");
              verbatim.put(placeholder, text.substring(start, end));
              current.appendChild(placeholder);
              continue;
            }
            Element e = doc.createElementNS(emptyToNull(r.getNamespaceURI()), qualified(r.getPrefix(), r.getLocalName()));
            for (int i = 0; i < r.getNamespaceCount(); i++) {
              String prefix = r.getNamespacePrefix(i);
              e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                  prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, r.getNamespaceURI(i));
            }
            for (int i = 0; i < r.getAttributeCount(); i++) {
              e.setAttributeNS(emptyToNull(r.getAttributeNamespace(i)),
                  qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)), r.getAttributeValue(i));
            }
            List<String> order = new ArrayList<>();
            for (int i = 0; i < r.getNamespaceCount(); i++) {
              String prefix = r.getNamespacePrefix(i);
              order.add(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix);
            }
            for (int i = 0; i < r.getAttributeCount(); i++) {
              order.add(qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)));
            }
            read.put(e, locate(text, lineStarts, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber(),
                order));
            current.appendChild(e);
            current = e;
          }
          case XMLStreamConstants.END_ELEMENT -> current = current.getParentNode();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
            if (current != doc) {
              current.appendChild(doc.createTextNode(r.getText()));
            }
          }
          case XMLStreamConstants.CDATA -> current.appendChild(doc.createCDATASection(r.getText()));
          case XMLStreamConstants.COMMENT -> current.appendChild(doc.createComment(r.getText()));
          case XMLStreamConstants.PROCESSING_INSTRUCTION ->
              current.appendChild(doc.createProcessingInstruction(r.getPITarget(), r.getPIData()));
          default -> {
            // start and end of document, DTD (refused above)
          }
        }
      }
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNumber());
      int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNumber());
      String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
      int detail = message.indexOf("\nMessage: ");
      throw new MalformedXmlException(detail >= 0 ? message.substring(detail + "\nMessage: ".length()).strip() : message,
          line, column);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing is held open for a string
        }
      }
    }
    if (doc.getDocumentElement() == null) {
      throw new MalformedXmlException("the file holds no XML element", 1, 1);
    }
    return new XmlTree(doc, read, verbatim);
  }

  /** The line an element read from the file starts on; 1 for an element added since. */
  int line(Element e) {
    Read r = read.get(e);
    return r == null ? 1 : r.line();
  }

  /** The column of the element's {@code <}; 1 for an element added since. */
  int column(Element e) {
    Read r = read.get(e);
    return r == null ? 1 : r.column();
  }

  /** The child elements of {@code parent}, in document order. */
  static List<Element> children(Element parent) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        result.add(e);
      }
    }
    return result;
  }

  /** The child elements of {@code parent} in namespace {@code ns} named {@code localName}. */
  static List<Element> children(Element parent, String ns, String localName) {
    List<Element> result = new ArrayList<>();
    for (Element e : children(parent)) {
      if (ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
        result.add(e);
      }
    }
    return result;
  }

  /**
   * The prefix {@code ns} is bound to on the root element, declaring {@code preferred} for it there when
   * it is not bound ({@code ""} when it is the default namespace).
   */
  String prefixFor(String ns, String preferred) {
    Element root = root();
    NamedNodeMap attrs = root.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && ns.equals(a.getValue())) {
        return "xmlns".equals(a.getName()) ? "" : a.getLocalName();
      }
    }
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + preferred, ns);
    modified = true;
    return preferred;
  }

  /** A new element of {@code ns}, with the prefix the document binds it to (not yet in the document). */
  Element create(String ns, String preferredPrefix, String localName) {
    return document.createElementNS(ns, qualified(prefixFor(ns, preferredPrefix), localName));
  }

  /** The document as UTF-8 XML text: the declaration, then every node as it was read or changed. */
  String write() {
    StringBuilder out = new StringBuilder(1 << 16);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    for (Node n = document.getFirstChild(); n != null; n = n.getNextSibling()) {
      write(n, read, verbatim, out);
      if (n.getNextSibling() != null || n instanceof Element) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static void write(Node node, Map<Element, Read> read, Map<Element, String> verbatim, StringBuilder out) {
    switch (node.getNodeType()) {
      case Node.ELEMENT_NODE -> {
        Element e = (Element) node;
        String text = verbatim.get(e);
        if (text != null) {
          out.append(text);
          return;
        }
        out.append('<').append(e.getTagName());
        NamedNodeMap attrs = e.getAttributes();
        // In the order they were read, then those added (in the DOM's order, by name).
        List<Attr> ordered = new ArrayList<>();
        Read r = read.get(e);
        if (r != null) {
          for (String name : r.attributes()) {
            Attr a = e.getAttributeNode(name);
            if (a != null) {
              ordered.add(a);
            }
          }
        }
        for (int i = 0; i < attrs.getLength(); i++) {
          if (!ordered.contains((Attr) attrs.item(i))) {
            ordered.add((Attr) attrs.item(i));
          }
        }
        for (Attr a : ordered) {
          out.append(' ').append(a.getName()).append("=\"");
          escape(a.getValue(), true, out);
          out.append('"');
        }
        if (e.getFirstChild() == null) {
          out.append("/>");
          return;
        }
        out.append('>');
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
          write(c, read, verbatim, out);
        }
        out.append("</").append(e.getTagName()).append('>');
      }
      case Node.TEXT_NODE -> escape(node.getNodeValue(), false, out);
      case Node.CDATA_SECTION_NODE -> out.append("<![CDATA[").append(node.getNodeValue()).append("]]>");
      case Node.COMMENT_NODE -> out.append("<!--").append(node.getNodeValue()).append("-->");
      case Node.PROCESSING_INSTRUCTION_NODE -> {
        var pi = (org.w3c.dom.ProcessingInstruction) node;
        out.append("<?").append(pi.getTarget()).append(' ').append(pi.getData()).append("?>");
      }
      default -> {
        // no other node is built by parse()
      }
    }
  }

  private static void escape(String s, boolean attribute, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        // Kept as they are: a line break written plainly in an attribute would read back as a space.
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> out.append(c);
      }
    }
  }

  /** Where an element starts: the {@code <} before the end of its start tag, which StAX reports. */
  /** The offset in {@code text} of a StAX location (the character after the event). */
  private static int offset(String text, int[] lineStarts, int line, int column) {
    return line >= 1 && line <= lineStarts.length
        ? Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1)) : 0;
  }

  private static Read locate(String text, int[] lineStarts, int endLine, int endColumn, List<String> attributes) {
    int offset = offset(text, lineStarts, endLine, endColumn);
    // An attribute value cannot hold a plain '<', so the last one before the tag's end is its start.
    int start = text.lastIndexOf('<', Math.max(0, offset - 1));
    if (start < 0) {
      start = 0;
    }
    int line = lineOf(lineStarts, start);
    return new Read(line + 1, start - lineStarts[line] + 1, List.copyOf(attributes));
  }

  private static int[] lineStarts(String text) {
    int[] starts = new int[1024];
    int n = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
      }
      starts[n++] = i + 1;
    }
    return Arrays.copyOf(starts, n);
  }

  private static int lineOf(int[] lineStarts, int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static String qualified(String prefix, String local) {
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
