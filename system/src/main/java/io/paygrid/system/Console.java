package io.paygrid.system;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The launcher's own terminal output (the summary a person reads), kept apart from its logs. */
final class Console {

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private Console() {
    }

    static void print(String text) {
        OUT.print(text);
        OUT.flush();
    }
}
