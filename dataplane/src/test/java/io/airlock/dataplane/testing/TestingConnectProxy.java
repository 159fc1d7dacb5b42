package io.airlock.dataplane.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal HTTP CONNECT proxy on 127.0.0.1 for tests; it records the tunnels it opened. */
public final class TestingConnectProxy implements AutoCloseable {
  public final List<String> tunnels = new CopyOnWriteArrayList<>();
  private final ServerSocket server;

  public TestingConnectProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "testing-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread handler = new Thread(() -> tunnel(client), "testing-proxy-tunnel");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      String request = readHead(client.getInputStream());
      String[] line = request.split("\r\n")[0].split(" ");
      if (!line[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Only CONNECT\r\n\r\n".getBytes());
        return;
      }
      tunnels.add(line[1]);
      String[] target = line[1].split(":");
      try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
        client
            .getOutputStream()
            .write(
                "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread back = pump(upstream.getInputStream(), client.getOutputStream());
        pump(client.getInputStream(), upstream.getOutputStream()).join();
        back.join();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The tunnel ends when either side closes.
    }
  }

  private static Thread pump(InputStream in, OutputStream out) {
    Thread thread =
        new Thread(
            () -> {
              try {
                in.transferTo(out);
              } catch (IOException e) {
                // Closed.
              } finally {
                try {
                  out.close();
                } catch (IOException ignored) {
                  // Already closed.
                }
              }
            },
            "testing-proxy-pump");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
