package dev.jobnet.engine.enginerest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A class loader that answers the look-up of some {@code META-INF/services/} files from copies read
 * once, and leaves everything else (classes, every other resource) to its parent.
 *
 * <p>{@link java.util.ServiceLoader#load(Class)} asks the thread's context class loader for every
 * file of that name on the class path, then opens each: in the engine app's executable jar that is
 * an enumeration of all its nested jars and the opening of a nested jar entry, per call. Camunda REST
 * does it for each resource object it creates ({@code EngineUtil.lookupProcessEngine}), several times
 * per request. With this loader as the context class loader the same look-up reads the same lines from
 * memory and finds the same provider class through the parent.
 */
final class ServiceFilesInMemory extends ClassLoader {

  private static final String SCHEME = "jobnet-service-file";

  private final Map<String, List<URL>> files = new TreeMap<>();

  /** Reads each of {@code names} (full resource names) through {@code parent} once, now. */
  ServiceFilesInMemory(ClassLoader parent, Set<String> names) {
    super(parent);
    for (String name : names) {
      List<URL> copies = new ArrayList<>();
      try {
        Enumeration<URL> found = parent.getResources(name);
        int index = 0;
        while (found.hasMoreElements()) {
          URL original = found.nextElement();
          byte[] content;
          try (InputStream in = original.openStream()) {
            content = in.readAllBytes();
          }
          copies.add(inMemory(name + "#" + index++, content));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + name + " from the class path", e);
      }
      files.put(name, List.copyOf(copies));
    }
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> copies = files.get(name);
    return copies != null ? Collections.enumeration(copies) : super.getResources(name);
  }

  @Override
  public URL getResource(String name) {
    List<URL> copies = files.get(name);
    if (copies != null) {
      return copies.isEmpty() ? null : copies.get(0);
    }
    return super.getResource(name);
  }

  /** The resource names this loader answers from memory. */
  Set<String> names() {
    return files.keySet();
  }

  private static URL inMemory(String path, byte[] content) {
    URLStreamHandler handler = new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL url) {
        return new URLConnection(url) {
          @Override
          public void connect() {
            connected = true;
          }

          @Override
          public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
          }

          @Override
          public int getContentLength() {
            return content.length;
          }
        };
      }
    };
    try {
      return new URL(SCHEME, "", -1, "/" + path, handler);
    } catch (MalformedURLException e) {
      throw new IllegalStateException("an in-memory URL is always well formed: " + path, e);
    }
  }
}
