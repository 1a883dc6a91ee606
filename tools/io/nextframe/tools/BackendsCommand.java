package io.nextframe.tools;

import io.nextframe.core.Backends;
import io.nextframe.core.spi.BackendProvider;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code nextframe backends}: every backend, whether it can run here and why, and its devices. */
@Command(name = "backends", description = "List the backends, whether each is available here and why.")
final class BackendsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (BackendProvider p : Backends.providers()) {
            BackendProvider.Availability a = p.probe();
            System.out.printf("%-10s %-13s %s%n", p.name(), a.available() ? "available" : "unavailable", a.reason());
            if (a.available()) {
                for (String d : p.devices()) {
                    System.out.println("           " + d);
                }
            }
        }
        try {
            System.out.println("auto       → " + Backends.resolve("auto"));
        } catch (IllegalStateException e) {
            System.out.println("auto       → none: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
