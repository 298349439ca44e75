package dev.jobnet.engine.deploy;

import dev.jobnet.engine.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses deployment requests larger than {@code jobnet.deployment.max-request-size} with 413 before
 * reading them: a declared {@code Content-Length} is checked at once, a body without one (chunked) is
 * counted while it is read. Multipart bodies are also limited by the same size in Spring's multipart
 * settings ({@code application.yaml}).
 */
final class UploadSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;

  UploadSizeLimitFilter(DataSize maxRequestSize) {
    this.maxBytes = maxRequestSize.toBytes();
  }

  /** A body that went past the limit while it was read. */
  static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length > maxBytes) {
      Problems.write(request, response,
          DeploymentApiErrors.problem(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, message(length)));
      return;
    }
    chain.doFilter(length < 0 ? new Limited(request, maxBytes) : request, response);
  }

  private String message(long length) {
    return "the request has " + length + " bytes, more than the " + maxBytes
        + " bytes the engine accepts (jobnet.deployment.max-request-size): deploy fewer or smaller files at a time";
  }

  /** A request whose body stops with {@link TooLargeException} past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long count;

    CountingStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLargeException {
      count += n;
      if (count > maxBytes) {
        throw new TooLargeException("the request body is larger than the " + maxBytes
            + " bytes the engine accepts (jobnet.deployment.max-request-size): deploy fewer or smaller files at a time");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
