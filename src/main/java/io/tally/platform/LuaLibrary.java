package io.tally.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/** Assembles a Lua script with the part of a library it uses. */
public final class LuaLibrary {
    private LuaLibrary() {
    }

    private static final Pattern DEFINITION = Pattern.compile("^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * A script preceded by the definitions of its library that it uses, directly or through another definition, in
     * the library's order. The library is a list of top-level {@code local} definitions (functions and constants),
     * each with the comment lines above it. Redis runs the whole text on every call, so each definition a script
     * carries costs it a closure or a value per call, and the upvalue lookups to build it: a reserve that carried all
     * of the ledger's library spent about a sixth of its instructions defining functions it never called
     * (docs/benchmarks.md, "Instructions per call"). A name is taken as used when it appears as a word anywhere in the
     * text (comments included): a spare definition costs a little, a missing one fails the script's tests.
     */
    public static String shake(String library, String script) {
        var blocks = new ArrayList<String[]>(); // {name, text}
        var pending = new StringBuilder();
        String name = null;
        var text = new StringBuilder();
        for (var line : library.split("\n", -1)) {
            var definition = DEFINITION.matcher(line);
            if (definition.find()) {
                if (name != null) {
                    blocks.add(new String[] { name, text.toString() });
                }
                name = definition.group(1);
                text = new StringBuilder(pending).append(line).append('\n');
                pending.setLength(0);
            } else if (name != null && (line.startsWith(" ") || line.startsWith("end") || line.startsWith("}")
                    || line.startsWith(")"))) {
                text.append(pending).append(line).append('\n');
                pending.setLength(0);
            } else {
                pending.append(line).append('\n');
            }
        }
        if (name != null) {
            blocks.add(new String[] { name, text.toString() });
        }
        var needed = new LinkedHashSet<String>();
        var reach = new StringBuilder(script);
        for (boolean grew = true; grew;) {
            grew = false;
            for (var block : blocks) {
                if (!needed.contains(block[0]) && Pattern.compile("\\b" + block[0] + "\\b").matcher(reach).find()) {
                    needed.add(block[0]);
                    reach.append(block[1]);
                    grew = true;
                }
            }
        }
        var out = new StringBuilder();
        for (var block : blocks) {
            if (needed.contains(block[0])) {
                out.append(block[1]);
            }
        }
        return out.append(script).toString();
    }

    /**
     * Prints {@link #shake} of two files, for the load tests that run a script by hand:
     * {@code java -cp target/classes io.tally.platform.LuaLibrary <library.lua> <script.lua>}.
     */
    public static void main(String[] args) throws IOException {
        System.out.print(shake(Files.readString(Path.of(args[0])), Files.readString(Path.of(args[1]))));
    }

}
