package io.streamtune.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * For the services' tests, HTTP/1.1 by hand: sends a POST's headers announcing a body that never
 * comes, and reads what the server answers. Only a server that decides from the headers alone can
 * answer at all.
 */
public final class RawHttp {

  /** The status (-1 when nothing came within the wait) and everything read. */
  public record Reply(int status, String text) {}

  private RawHttp() {}

  public static Reply headersOnly(int port, String path, String key, long length, int waitMillis)
      throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(waitMillis);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + (key == null ? "" : "X-API-Key: " + key + "\r\n")
              + "Content-Length: "
              + length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          got.write(buffer, 0, n);
          if (got.toString(StandardCharsets.UTF_8).contains("}")) {
            break; // the JSON error body is complete
          }
        }
      } catch (SocketTimeoutException e) {
        // nothing (more) came: the server is waiting for the body
      }
      String text = got.toString(StandardCharsets.UTF_8);
      int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
      return new Reply(status, text);
    }
  }
}
