package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jobnet.converter.ConvertedJobnet;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The converter's output is valid BPMN 2.0: against the OMG schema (the copy in camunda-bpmn-model,
 * with its includes Semantic, BPMNDI, DC and DI) and as Camunda's model API reads it.
 */
class BpmnSchemaTest {

  static final String BPMN_XSD = "/org/camunda/bpm/model/bpmn/schema/BPMN20.xsd";

  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    URL xsd = BpmnSchemaTest.class.getResource(BPMN_XSD);
    assertThat(xsd).as("%s on the test class path (camunda-bpmn-model)", BPMN_XSD).isNotNull();
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    // The includes are relative to the schema's URL inside the jar; nothing is fetched from the network.
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
    schema = factory.newSchema(xsd);
  }

  static List<String> examples() {
    return ExampleJobnets.names();
  }

  @Test
  void jobnetWithEveryFeatureIsValidBpmn() throws Exception {
    // given
    List<ConvertedJobnet> converted = JobnetDeployer.convert(FeatureJobnets.EVERYTHING);

    // when / then
    assertThat(converted).extracting(ConvertedJobnet::rootId)
        .containsExactly("nightly-import", "monthly-report", "shared-report");
    for (ConvertedJobnet c : converted) {
      assertValid(c);
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("examples")
  void everyExampleIsValidBpmn(String file) throws Exception {
    // given the whole example set, converted together (expansions may cross files)
    List<String> roots = ExampleJobnets.rootsOf(file);

    // when
    List<ConvertedJobnet> converted = JobnetDeployer.convert(ExampleJobnets.all()).stream()
        .filter(c -> roots.contains(c.rootId())).toList();

    // then
    assertThat(converted).as("BPMN of the root jobnets in %s", file).isNotEmpty();
    for (ConvertedJobnet c : converted) {
      assertValid(c);
    }
  }

  @Test
  void schemaCatchesWhatIsNotBpmn() throws Exception {
    // given the converter's output with an element BPMN does not know
    ConvertedJobnet c = JobnetDeployer.convert(FeatureJobnets.EVERYTHING).get(0);
    String broken = c.bpmnXml().replaceFirst("<bpmn:endEvent ", "<bpmn:finishEvent ");

    // when
    List<String> errors = schemaErrors(broken);

    // then
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("finishEvent"));
  }

  private static void assertValid(ConvertedJobnet c) throws Exception {
    assertThat(schemaErrors(c.bpmnXml())).as("XSD errors in %s", c.fileName()).isEmpty();
    assertThatCode(() -> {
      BpmnModelInstance model = Bpmn.readModelFromStream(
          new ByteArrayInputStream(c.bpmnXml().getBytes(StandardCharsets.UTF_8)));
      Bpmn.validateModel(model);
      Process process = model.getModelElementById(c.rootId());
      assertThat(process.isExecutable()).isTrue();
      assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }).as("Camunda model API reading %s", c.fileName()).doesNotThrowAnyException();
  }

  /** Every error and warning of the schema, with its line, not just the first. */
  private static List<String> schemaErrors(String xml) throws Exception {
    List<String> errors = new ArrayList<>();
    Validator validator = schema.newValidator();
    validator.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {
        errors.add("warning line " + e.getLineNumber() + ": " + e.getMessage());
      }

      @Override
      public void error(SAXParseException e) {
        errors.add("line " + e.getLineNumber() + ": " + e.getMessage());
      }

      @Override
      public void fatalError(SAXParseException e) {
        errors.add("fatal line " + e.getLineNumber() + ": " + e.getMessage());
      }
    });
    validator.validate(new StreamSource(new StringReader(xml)));
    return errors;
  }
}
