package dev.jobnet.converter.authored;

import static dev.jobnet.converter.authored.AuthoredBpmn.BPMN;
import static dev.jobnet.converter.authored.AuthoredBpmn.CAMUNDA;

import dev.jobnet.protocol.BpmnProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads and writes the {@code camunda:property} elements and Camunda attributes of a BPMN document,
 * indenting what it adds as Camunda Modeler does (two spaces a level), and marking the document
 * changed only when something is.
 */
final class PropertyWriter {

  private final XmlTree tree;

  PropertyWriter(XmlTree tree) {
    this.tree = tree;
  }

  /** Appends {@code child} to {@code parent} on a line of its own. */
  void append(Element parent, Element child) {
    append(parent, child, depth(parent) + 1);
  }

  /** The jobnet properties of an element as written (the last of a name wins), for {@link AuthoredBpmn}. */
  static Map<String, String> properties(Element e) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Element p : propertyElements(e)) {
      result.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    return result;
  }

  static List<Element> propertyElements(Element e) {
    List<Element> result = new ArrayList<>();
    for (Element ext : XmlTree.children(e, BPMN, "extensionElements")) {
      for (Element props : XmlTree.children(ext, CAMUNDA, "properties")) {
        result.addAll(XmlTree.children(props, CAMUNDA, "property"));
      }
    }
    return result;
  }

  /**
   * Replaces the {@code jobnet.*} properties of {@code e} by {@code props} (in that order), keeping its other
   * properties after them, in one {@code camunda:properties} first in its extension elements.
   */
  void write(Element e, Map<String, String> props) {
    if (hasExactly(e, props)) {
      return;
    }
    tree.modified();
    int depth = depth(e);
    List<Element> exts = XmlTree.children(e, BPMN, "extensionElements");
    Element ext;
    if (exts.isEmpty()) {
      ext = tree.create(BPMN, "bpmn", "extensionElements");
      // After the documentation, which BPMN's schema puts first.
      Node ref = null;
      for (Element c : XmlTree.children(e)) {
        if (!(BPMN.equals(c.getNamespaceURI()) && c.getLocalName().equals("documentation"))) {
          ref = c;
          break;
        }
      }
      insert(e, ext, ref, depth + 1);
    } else {
      ext = exts.get(0);
    }
    List<Element> kept = new ArrayList<>();
    for (Element ps : XmlTree.children(ext, CAMUNDA, "properties")) {
      for (Element p : XmlTree.children(ps, CAMUNDA, "property")) {
        if (!p.getAttribute("name").startsWith(BpmnProperties.PREFIX)) {
          kept.add(p);
        }
      }
      remove(ps);
    }
    Element ps = tree.create(CAMUNDA, "camunda", "properties");
    for (Map.Entry<String, String> prop : props.entrySet()) {
      Element p = tree.create(CAMUNDA, "camunda", "property");
      p.setAttributeNS(null, "name", prop.getKey());
      p.setAttributeNS(null, "value", prop.getValue());
      append(ps, p, depth + 3);
    }
    for (Element p : kept) {
      p.getParentNode().removeChild(p);
      append(ps, p, depth + 3);
    }
    List<Element> extChildren = XmlTree.children(ext);
    insert(ext, ps, extChildren.isEmpty() ? null : extChildren.get(0), depth + 2);
  }

  /**
   * Whether {@code e} already holds just these jobnet properties, in this order, first in its one
   * {@code camunda:properties}: then nothing is written again.
   */
  private static boolean hasExactly(Element e, Map<String, String> props) {
    List<Element> exts = XmlTree.children(e, BPMN, "extensionElements");
    if (exts.size() != 1) {
      return false;
    }
    List<Element> extChildren = XmlTree.children(exts.get(0));
    List<Element> all = XmlTree.children(exts.get(0), CAMUNDA, "properties");
    if (all.size() != 1 || extChildren.get(0) != all.get(0)) {
      return false;
    }
    List<Element> written = XmlTree.children(all.get(0), CAMUNDA, "property");
    int i = 0;
    for (Map.Entry<String, String> p : props.entrySet()) {
      if (i >= written.size() || !written.get(i).getAttribute("name").equals(p.getKey())
          || !written.get(i).getAttribute("value").equals(p.getValue())) {
        return false;
      }
      i++;
    }
    for (; i < written.size(); i++) {
      if (written.get(i).getAttribute("name").startsWith(BpmnProperties.PREFIX)) {
        return false;
      }
    }
    return true;
  }

  void setCamundaAttribute(Element e, String name, String value) {
    if (value.equals(e.getAttributeNS(CAMUNDA, name))) {
      return;
    }
    tree.modified();
    String prefix = tree.prefixFor(CAMUNDA, "camunda");
    e.setAttributeNS(CAMUNDA, prefix.isEmpty() ? name : prefix + ":" + name, value);
  }


  private static int depth(Element e) {
    int d = 0;
    for (Node p = e.getParentNode(); p instanceof Element; p = p.getParentNode()) {
      d++;
    }
    return d;
  }

  /** Inserts {@code child} on a line of its own before {@code ref} (null: last). */
  private void insert(Element parent, Element child, Node ref, int depth) {
    Node before = ref;
    if (before == null) {
      Node last = parent.getLastChild();
      before = isIndent(last) ? last : null;
    } else if (isIndent(before.getPreviousSibling())) {
      before = before.getPreviousSibling();
    }
    parent.insertBefore(tree.document().createTextNode("\n" + "  ".repeat(depth)), before);
    parent.insertBefore(child, before);
    if (!isIndent(parent.getLastChild())) {
      parent.appendChild(tree.document().createTextNode("\n" + "  ".repeat(depth - 1)));
    }
  }

  private void append(Element parent, Element child, int depth) {
    insert(parent, child, null, depth);
  }

  private static void remove(Element e) {
    Node parent = e.getParentNode();
    if (isIndent(e.getPreviousSibling())) {
      parent.removeChild(e.getPreviousSibling());
    }
    parent.removeChild(e);
  }

  private static boolean isIndent(Node n) {
    return n != null && n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank();
  }

}
