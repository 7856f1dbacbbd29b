package io.tally.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** Assembles a Lua script with the part of a library it uses. */
public final class LuaLibrary {
    private LuaLibrary() {
    }

    private static final Pattern DEFINITION = Pattern.compile("^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * The line after which a script's library goes: the script's text above it runs first, before any definition is
     * made, so that a common case can answer without their cost; it can use none of them (nor is it searched for
     * uses). reserve.lua and meter.lua answer their usual movement so (docs/ledger.md "Scripts").
     */
    static final String FIRST_MARK = "\n-- (library)\n";

    /** A group made on first use ({@code local <name> = lazy(function(M)} up to a line {@code end)}): one block. */
    private static final Pattern GROUP = Pattern.compile("^local [A-Za-z_][A-Za-z0-9_]* = lazy\\(function\\(");

    /**
     * A script preceded by the definitions of its library that it uses, directly or through another definition, in
     * the library's order. The library is a list of top-level {@code local} definitions (functions and constants),
     * each with the comment lines above it. Redis runs the whole text on every call, so each definition a script
     * carries costs it a closure or a value per call, and the upvalue lookups to build it: a reserve that carried all
     * of the ledger's library spent about a sixth of its instructions defining functions it never called
     * (docs/benchmarks.md, "Instructions per call"). A name is taken as used when it appears as a word in the code
     * (comments left out): a spare definition costs a little, a missing one fails the script's tests. A group of
     * definitions made on first use ({@code local <name> = lazy(function(M)} ... {@code end)}, each definition at
     * the line's start inside it, its names exported as fields of M) is one block, used when its name is. A script
     * with a line {@code -- (library)} keeps its text above that line ahead of the definitions ({@link #FIRST_MARK}).
     */
    public static String shake(String library, String script) {
        var mark = script.indexOf(FIRST_MARK);
        var first = mark < 0 ? "" : script.substring(0, mark + FIRST_MARK.length());
        var rest = mark < 0 ? script : script.substring(mark + FIRST_MARK.length());
        var blocks = new ArrayList<String[]>(); // {name, text}
        var pending = new StringBuilder();
        String name = null;
        var text = new StringBuilder();
        boolean inGroup = false;
        for (var line : library.split("\n", -1)) {
            var definition = DEFINITION.matcher(line);
            if (inGroup) {
                text.append(line).append('\n');
                inGroup = !line.equals("end)");
            } else if (definition.find()) {
                if (name != null) {
                    blocks.add(new String[] { name, text.toString() });
                }
                name = definition.group(1);
                text = new StringBuilder(pending).append(line).append('\n');
                pending.setLength(0);
                inGroup = GROUP.matcher(line).find();
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
        var reach = new StringBuilder(code(rest));
        for (boolean grew = true; grew;) {
            grew = false;
            for (var block : blocks) {
                if (!needed.contains(block[0]) && Pattern.compile("\\b" + block[0] + "\\b").matcher(reach).find()) {
                    needed.add(block[0]);
                    reach.append(code(block[1]));
                    grew = true;
                }
            }
        }
        var out = new StringBuilder(first);
        for (var block : blocks) {
            if (needed.contains(block[0])) {
                out.append(block[1]);
            }
        }
        return out.append(rest).toString();
    }

    /** Lua text without its line comments ({@code --} to the end of the line, outside a quoted string). */
    static String code(String text) {
        var out = new StringJoiner("\n");
        for (var line : text.split("\n", -1)) {
            char quote = 0;
            int end = line.length();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                    end = i;
                    break;
                }
            }
            out.add(line.substring(0, end));
        }
        return out.toString();
    }

    /**
     * Prints {@link #shake} of two files, for the load tests that run a script by hand:
     * {@code java -cp target/classes io.tally.platform.LuaLibrary <library.lua> <script.lua>}.
     */
    public static void main(String[] args) throws IOException {
        System.out.print(shake(Files.readString(Path.of(args[0])), Files.readString(Path.of(args[1]))));
    }

}
