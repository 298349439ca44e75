package dev.jobnet.engine.enginerest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.rest.spi.ProcessEngineProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The look-up of Camunda REST's engine provider through {@link EngineLookupFilter}: the same provider
 * as without it, the class path read once, and the thread's own loader back after the request.
 */
class EngineLookupFilterTest {

  /** A class loader over a folder of service files that counts how often it is asked for them. */
  private static final class CountingLoader extends URLClassLoader {
    final AtomicInteger asked = new AtomicInteger();

    CountingLoader(Path folder) throws IOException {
      super(new URL[] {folder.toUri().toURL()}, EngineLookupFilterTest.class.getClassLoader());
    }

    @Override
    public java.util.Enumeration<URL> getResources(String name) throws IOException {
      if (name.equals(EngineLookupFilter.PROVIDER_FILE)) {
        asked.incrementAndGet();
        List<URL> own = Collections.list(findResources(name)); // only the folder's: the test's own copy
        return Collections.enumeration(own);
      }
      return super.getResources(name);
    }
  }

  @TempDir
  Path folder;

  private CountingLoader loaderWithProvider() throws IOException {
    Path file = folder.resolve(EngineLookupFilter.PROVIDER_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "# the provider of the tests\n" + TestProvider.class.getName() + "\n", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("other.txt"), "other", StandardCharsets.UTF_8);
    return new CountingLoader(folder);
  }

  @Test
  void theProviderIsFoundFromMemoryAfterOneReadingOfTheClassPath() throws Exception {
    CountingLoader own = loaderWithProvider();
    EngineLookupFilter filter = new EngineLookupFilter();
    List<String> found = new ArrayList<>();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(own);
    try {
      for (int i = 0; i < 3; i++) {
        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (request, response) -> {
          for (ProcessEngineProvider provider : ServiceLoader.load(ProcessEngineProvider.class)) {
            found.add(provider.getClass().getName());
          }
        });
      }
      assertThat(thread.getContextClassLoader()).as("the thread's own loader, back").isSameAs(own);
    } finally {
      thread.setContextClassLoader(before);
    }
    assertThat(found).containsExactly(TestProvider.class.getName(), TestProvider.class.getName(),
        TestProvider.class.getName());
    assertThat(own.asked).as("the class path read once, for three look-ups").hasValue(1);
  }

  @Test
  void everythingElseIsTheThreadsOwnLoaders() throws Exception {
    CountingLoader own = loaderWithProvider();
    ServiceFilesInMemory loader = new EngineLookupFilter().loaderOver(own);
    assertThat(loader.getParent()).isSameAs(own);
    assertThat(new String(loader.getResource("other.txt").openStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("other");
    assertThat(loader.loadClass(TestProvider.class.getName())).isSameAs(TestProvider.class);
    assertThat(loader.names()).containsExactly(EngineLookupFilter.PROVIDER_FILE);
  }

  @Test
  void theLoaderIsMadeOnceForTheSameThreadLoaderAndAgainForAnother() throws Exception {
    EngineLookupFilter filter = new EngineLookupFilter();
    CountingLoader one = loaderWithProvider();
    ServiceFilesInMemory first = filter.loaderOver(one);
    assertThat(filter.loaderOver(one)).isSameAs(first);
    CountingLoader other = new CountingLoader(folder);
    assertThat(filter.loaderOver(other).getParent()).isSameAs(other);
  }

  @Test
  void theThreadsLoaderIsPutBackWhenTheRequestFails() throws Exception {
    CountingLoader own = loaderWithProvider();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    AtomicReference<ClassLoader> during = new AtomicReference<>();
    thread.setContextClassLoader(own);
    try {
      try {
        new EngineLookupFilter().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
            (request, response) -> {
              during.set(Thread.currentThread().getContextClassLoader());
              throw new IllegalStateException("the request failed");
            });
      } catch (IllegalStateException expected) {
        // as the web server would see it
      }
      assertThat(during.get()).isInstanceOf(ServiceFilesInMemory.class);
      assertThat(thread.getContextClassLoader()).isSameAs(own);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** A provider the service file of the test names. */
  public static final class TestProvider implements ProcessEngineProvider {
    @Override
    public org.camunda.bpm.engine.ProcessEngine getDefaultProcessEngine() {
      return null;
    }

    @Override
    public org.camunda.bpm.engine.ProcessEngine getProcessEngine(String name) {
      return null;
    }

    @Override
    public java.util.Set<String> getProcessEngineNames() {
      return java.util.Set.of();
    }
  }
}
