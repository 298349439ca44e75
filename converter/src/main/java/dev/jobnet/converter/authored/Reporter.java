package dev.jobnet.converter.authored;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.model.Location;
import org.w3c.dom.Element;

/**
 * Adds findings about the elements of one BPMN file, located where each element starts.
 *
 * @param file the file as findings name it
 * @param tree the file's document, which knows where its elements start
 * @param findings where findings go
 */
record Reporter(String file, XmlTree tree, Findings findings) {

  void add(FindingCode code, Element at, String message) {
    findings.add(code, at(at), message);
  }

  /** Where {@code e} starts in the file. */
  Location at(Element e) {
    return new Location(file, tree.line(e), tree.column(e));
  }
}
