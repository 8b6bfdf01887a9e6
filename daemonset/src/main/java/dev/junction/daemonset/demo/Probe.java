package dev.junction.daemonset.demo;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.process.CommandResult;
import dev.junction.core.sandbox.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request from a namespace to an address, with socat, classified the way an operator reads it: answered (by
 * which pod, which client address it saw), refused at once (REJECT), no answer (DROP), or accepted and closed without
 * an answer (a proxy that took the connection but had nowhere to send it).
 */
public final class Probe {

    /** How long a TCP connect or a UDP reply may take before the request counts as dropped. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long a UDP probe waits for its reply, in socat's seconds. */
    private static final String UDP_REPLY_WAIT = "0.5";

    private Probe() {
    }

    public enum Outcome { ANSWERED, REFUSED, NO_ANSWER, CLOSED }

    /**
     * @param pod      the pod that answered, "" unless answered
     * @param peer     the client address the pod saw (masquerade shows here), "" unless answered
     */
    public record Reply(Outcome outcome, String pod, String peer, Duration took) {

        @Override
        public String toString() {
            return switch (outcome) {
                case ANSWERED -> "answered by " + pod + ", which saw the client as " + peer;
                case REFUSED -> "refused at once (REJECT)";
                case NO_ANSWER -> "no answer within " + TIMEOUT.toSeconds() + "s (DROP)";
                case CLOSED -> "accepted, then closed without an answer";
            };
        }
    }

    /** Sends one request from {@code from} to {@code ip:port}, optionally from a given source address. */
    public static Reply send(Netns from, String ip, int port, Protocol protocol, Optional<String> source) {
        String timeout = Long.toString(TIMEOUT.toSeconds());
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        String target = switch (protocol) {
            case TCP -> "TCP:" + host + ":" + port + ",connect-timeout=" + timeout;
            case UDP -> "UDP:" + host + ":" + port;
            case SCTP -> throw new IllegalArgumentException("SCTP probes need kernel SCTP support, absent here");
        };
        String address = source.map(s -> target + ",bind=" + s).orElse(target);
        // UDP never reaches end-of-file, so socat waits its whole -t after sending: a local echo answers in
        // milliseconds, so half a second is plenty there.
        String wait = protocol == Protocol.UDP ? UDP_REPLY_WAIT : timeout;
        List<String> command = new ArrayList<>(List.of("socat", "-t", wait, "-T", timeout, "-", address));
        long start = System.nanoTime();
        CommandResult result = from.execWithInput(protocol == Protocol.UDP ? "ping\n" : "", command.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String[] words = result.stdout().strip().split("\\s+");
        if (words.length == 3) {
            return new Reply(Outcome.ANSWERED, words[0], canonical(words[1]), took);
        }
        Outcome outcome;
        if (result.stderr().contains("Connection refused")) {
            outcome = Outcome.REFUSED;
        } else if (protocol == Protocol.TCP && took.compareTo(TIMEOUT.dividedBy(2)) < 0) {
            outcome = Outcome.CLOSED; // a dropped SYN only ends at the connect timeout
        } else {
            outcome = Outcome.NO_ANSWER;
        }
        return new Reply(outcome, "", "", took);
    }

    /** socat writes an IPv6 peer in brackets with every group in full: 2001:2::1:1, as written everywhere else. */
    private static String canonical(String peer) {
        return peer.startsWith("[") ? IpAddress.parse(peer.substring(1, peer.length() - 1)).toString() : peer;
    }

    public static Reply send(Netns from, String ip, int port, Protocol protocol) {
        return send(from, ip, port, protocol, Optional.empty());
    }

    /** Sends {@code count} requests, one after the other. */
    public static List<Reply> sendMany(Netns from, String ip, int port, Protocol protocol, int count) {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(send(from, ip, port, protocol));
        }
        return replies;
    }

    /** The pods that answered some of {@code replies}. */
    public static Set<String> pods(List<Reply> replies) {
        return replies.stream().filter(r -> r.outcome() == Outcome.ANSWERED).map(Reply::pod)
                .collect(Collectors.toSet());
    }
}
