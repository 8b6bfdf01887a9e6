package dev.junction.userspace.serve;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;

/** A blocking TCP client on 127.0.0.1 that talks in lines, with a 10 s read timeout. */
final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader reader;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
    }

    static LineClient connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return new LineClient(socket);
    }

    /** The next line without its end; null once the server closed. */
    String readLine() throws IOException {
        return reader.readLine();
    }

    void send(String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(US_ASCII));
    }

    /** Half-closes: the server sees the end of the request. */
    void endRequest() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
