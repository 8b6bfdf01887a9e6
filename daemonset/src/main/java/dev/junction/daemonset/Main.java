package dev.junction.daemonset;

/** The {@code junction} executable: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(JunctionCommand.create(new Agent(new KernelDataPlanes())).execute(args));
    }
}
