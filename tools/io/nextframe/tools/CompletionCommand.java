package io.nextframe.tools;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code nextframe completion}: prints a bash/zsh completion script for every verb and option. */
@Command(name = "completion", description = "Print a bash/zsh completion script.",
        footer = {"", "Example:", "  source <(./nextframe completion)"})
final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("nextframe", spec.root().commandLine()));
        return 0;
    }
}
