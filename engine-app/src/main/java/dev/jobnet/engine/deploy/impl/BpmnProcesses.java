package dev.jobnet.engine.deploy.impl;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.protocol.BpmnProperties;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.xml.sax.SAXParseException;

/**
 * Reads the executable processes of BPMN with Camunda's model API: their keys, whether the converter
 * made them ({@code jobnet.kind=root} on the process, {@code docs/bpmn-mapping.md}) and the keys their
 * call activities name, also inside subprocesses.
 */
public final class BpmnProcesses {

  private static final Pattern REPORTED_LINE = Pattern.compile("^(?:.*?)Line=(\\d+):");

  private BpmnProcesses() {}

  /** A BPMN file that the model API cannot read, with the line and column of the error where known. */
  public static final class UnreadableBpmnException extends RuntimeException {
    private final int line;
    private final int column;

    UnreadableBpmnException(String message, int line, int column, Throwable cause) {
      super(message, cause);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /**
   * The executable processes of a BPMN document.
   *
   * @throws UnreadableBpmnException when it is not BPMN 2.0 XML the model API reads
   */
  public static List<ProcessInfo> read(byte[] bpmn) {
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
    } catch (RuntimeException e) {
      SAXParseException sax = saxCause(e).orElse(null);
      if (sax != null) {
        throw new UnreadableBpmnException("not a BPMN 2.0 file Camunda reads: " + sax.getMessage(),
            sax.getLineNumber(), sax.getColumnNumber(), e);
      }
      // The model API reports "Fatal Error: URI=null Line=4: <what>" without a column.
      String message = rootMessage(e);
      Matcher m = REPORTED_LINE.matcher(message);
      boolean located = m.find();
      throw new UnreadableBpmnException("not a BPMN 2.0 file Camunda reads: "
          + (located ? message.substring(m.end()).strip() : message), located ? Integer.parseInt(m.group(1)) : 1, 1, e);
    }
    List<ProcessInfo> result = new ArrayList<>();
    for (Process process : model.getModelElementsByType(Process.class)) {
      if (process.isExecutable()) {
        result.add(of(process));
      }
    }
    return result;
  }

  /** One process of a model. */
  public static ProcessInfo of(Process process) {
    Set<String> expansions = new LinkedHashSet<>();
    calledElements(process.getFlowElements(), expansions);
    return new ProcessInfo(process.getId(), isJobnetRoot(process), expansions);
  }

  private static boolean isJobnetRoot(Process process) {
    return BpmnProperties.KIND_ROOT.equals(ExtensionProperties.of(process).get(BpmnProperties.KIND));
  }

  private static void calledElements(Collection<FlowElement> elements, Set<String> into) {
    for (FlowElement element : elements) {
      if (element instanceof CallActivity call) {
        String called = call.getCalledElement();
        // An expression is resolved at run time; only literal keys are expansions we can follow.
        if (called != null && !called.isBlank() && !called.contains("${") && !called.contains("#{")) {
          into.add(called);
        }
      } else if (element instanceof SubProcess sub) {
        calledElements(sub.getFlowElements(), into);
      }
    }
  }

  private static Optional<SAXParseException> saxCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SAXParseException sax) {
        return Optional.of(sax);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
