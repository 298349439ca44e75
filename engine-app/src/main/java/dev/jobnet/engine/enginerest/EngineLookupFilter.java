package dev.jobnet.engine.enginerest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Runs each {@code /engine-rest} request with a context class loader that answers the look-up of
 * Camunda REST's {@code ProcessEngineProvider} from memory ({@link ServiceFilesInMemory}), and puts
 * the thread's own loader back afterwards. Before, that look-up cost about 7 % of the engine's CPU
 * under a burst of starts (B5): a scan of every nested jar of the executable jar, twice or more per
 * request.
 */
final class EngineLookupFilter implements Filter {

  /** The service file Camunda REST reads to find its engine. */
  static final String PROVIDER_FILE = "META-INF/services/org.camunda.bpm.engine.rest.spi.ProcessEngineProvider";

  private volatile ServiceFilesInMemory loader;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    if (own == null) {
      chain.doFilter(request, response);
      return;
    }
    thread.setContextClassLoader(loaderOver(own));
    try {
      chain.doFilter(request, response);
    } finally {
      thread.setContextClassLoader(own);
    }
  }

  /** The in-memory loader over {@code own}: made once (the web server's threads share one loader). */
  ServiceFilesInMemory loaderOver(ClassLoader own) {
    ServiceFilesInMemory current = loader;
    if (current == null || current.getParent() != own) {
      current = new ServiceFilesInMemory(own, Set.of(PROVIDER_FILE));
      loader = current;
    }
    return current;
  }
}
