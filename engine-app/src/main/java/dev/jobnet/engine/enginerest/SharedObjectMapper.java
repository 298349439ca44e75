package dev.jobnet.engine.enginerest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;

/**
 * The engine REST API's JSON mapper, configured exactly as Camunda's {@link JacksonConfigurator}
 * configures one, but made once. Camunda's resolver makes a new mapper at every call, and the JSON
 * provider asks for one to read each request body and to write each answer, as does every resource
 * object: a new mapper knows none of the serializers and deserializers it built before, so each
 * request built them again by introspection. A mapper is safe to share once configured (Jackson
 * copies the date format per use), and nothing in Camunda REST changes the one it is given.
 *
 * <p>Jersey asks the resolvers of a type in order of priority: this one comes before Camunda's.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
@Priority(1)
final class SharedObjectMapper implements ContextResolver<ObjectMapper> {

  private final AtomicLong handedOut = new AtomicLong();
  private volatile ObjectMapper mapper;

  @Override
  public ObjectMapper getContext(Class<?> type) {
    handedOut.incrementAndGet();
    ObjectMapper current = mapper;
    if (current == null) {
      // made at the first request, after Camunda's date format setting is applied
      synchronized (this) {
        current = mapper;
        if (current == null) {
          current = JacksonConfigurator.configureObjectMapper(new ObjectMapper());
          mapper = current;
        }
      }
    }
    return current;
  }

  /** How many times the mapper was handed out so far. */
  long handedOut() {
    return handedOut.get();
  }
}
